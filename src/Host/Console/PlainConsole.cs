using System.Text;
using NnUNet.Abstractions;

namespace NnUNet.Host.Console;

/// <summary>
/// Plain line output for pipes, log files and --quiet: no colours, no cursor movement, no wrapping (long
/// paths stay on one line and can be grepped). Safe to call from several threads.
/// </summary>
public sealed class PlainConsole(TextWriter output, TextWriter error) : IHostConsole
{
    readonly object gate = new();

    public bool IsInteractive => false;

    public void Info(string line) => Write(output, line);

    public void Warning(string line) => Write(error, "warning: " + line);

    public void Error(string line) => Write(error, "error: " + line);

    public void ErrorDetail(string text) => Write(error, text);

    public void Table(OutputTable table)
    {
        var text = new StringBuilder();
        if (table.Title.Length > 0) text.AppendLine(table.Title + ":");
        int[] widths = table.Columns.Select((c, i) => table.Rows.Select(r => r[i].Length).Append(c.Length).Max()).ToArray();
        AppendRow(text, table.Columns, widths);
        foreach (string[] row in table.Rows) AppendRow(text, row, widths);
        lock (gate) { output.Write(text.ToString()); output.Flush(); }
    }

    public T RunWithProgress<T>(string title, Func<IProgress<ProgressUpdate>, T> work) => work(new LineProgress(this));

    /// <summary>The plain form of one progress update: <c>stage done/total item</c> (total omitted when unknown).</summary>
    public static string FormatProgress(ProgressUpdate update)
    {
        string count = update.Total > 0 ? $"{update.Done}/{update.Total}" : $"{update.Done}";
        return update.Item is null ? $"{update.Stage} {count}" : $"{update.Stage} {count} {update.Item}";
    }

    static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        // Columns are separated by two spaces; the last one is not padded, so lines carry no trailing blanks.
        for (int i = 0; i < cells.Count; i++)
            text.Append(i < cells.Count - 1 ? cells[i].PadRight(widths[i] + 2) : cells[i]);
        text.AppendLine();
    }

    void Write(TextWriter writer, string line)
    {
        lock (gate) { writer.WriteLine(line); writer.Flush(); }
    }

    sealed class LineProgress(PlainConsole console) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => console.Info(FormatProgress(value));
    }
}
