namespace NnUNet.Host.Console;

/// <summary>A table to print: a title, column headers and rows of plain text (no markup).</summary>
public sealed class OutputTable(string title, params string[] columns)
{
    readonly List<string[]> rows = [];

    public string Title { get; } = title;

    public IReadOnlyList<string> Columns { get; } = columns;

    public IReadOnlyList<string[]> Rows => rows;

    /// <summary>Adds a row with one cell per column.</summary>
    public OutputTable AddRow(params string[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"Row has {cells.Length} cells, table '{Title}' has {Columns.Count} columns.");
        rows.Add(cells);
        return this;
    }
}
