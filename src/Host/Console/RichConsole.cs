using NnUNet.Abstractions;
using Spectre.Console;

namespace NnUNet.Host.Console;

/// <summary>Terminal output through Spectre.Console: coloured lines, boxed tables, live progress bars.</summary>
public sealed class RichConsole(IAnsiConsole output, IAnsiConsole error) : IHostConsole
{
    public bool IsInteractive => true;

    public void Info(string line) => output.WriteLine(line);

    public void Warning(string line) => error.MarkupLine($"[yellow]warning:[/] {Markup.Escape(line)}");

    public void Error(string line) => error.MarkupLine($"[red]error:[/] {Markup.Escape(line)}");

    public void ErrorDetail(string text) => error.WriteLine(text);

    public void Table(OutputTable table)
    {
        var rendered = new Table().Border(TableBorder.Rounded);
        if (table.Title.Length > 0) rendered.Title(Markup.Escape(table.Title));
        foreach (string column in table.Columns) rendered.AddColumn(Markup.Escape(column));
        foreach (string[] row in table.Rows) rendered.AddRow(row.Select(cell => new Text(cell)));
        output.Write(rendered);
    }

    public T RunWithProgress<T>(string title, Func<IProgress<ProgressUpdate>, T> work)
    {
        output.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
        return output.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => work(new StageBars(context)));
    }

    /// <summary>One bar per stage; updates may come from any thread.</summary>
    sealed class StageBars(ProgressContext context) : IProgress<ProgressUpdate>
    {
        readonly Dictionary<string, ProgressTask> bars = [];

        public void Report(ProgressUpdate value)
        {
            lock (bars)
            {
                if (!bars.TryGetValue(value.Stage, out ProgressTask? bar))
                    bars[value.Stage] = bar = context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(value.Total, 1));
                bar.IsIndeterminate = value.Total <= 0;
                if (value.Total > 0)
                {
                    bar.MaxValue = value.Total;
                    bar.Value = Math.Max(bar.Value, value.Done); // parallel workers may report out of order
                }
                bar.Description = Markup.Escape(PlainConsole.FormatProgress(value));
            }
        }
    }
}
