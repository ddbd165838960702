namespace NnUNet.Core.Evaluation;

/// <summary>
/// Maps a voxel value of a label map to its position in a list of labels, by table lookup for the usual small
/// non-negative labels. Values that are not in the list (other labels, non-integers) map to -1.
/// </summary>
internal sealed class LabelIndex
{
    // Labels up to this value use the table; larger or negative ones fall back to a search of the list.
    const int TableLimit = 1 << 16;

    readonly int[] table;
    readonly int[] labels;

    public LabelIndex(IReadOnlyList<int> labels)
    {
        this.labels = labels.ToArray();
        if (this.labels.Distinct().Count() != this.labels.Length)
            throw new ArgumentException($"Label given twice in ({string.Join(", ", labels)}).", nameof(labels));
        int max = this.labels.Where(l => l is >= 0 and < TableLimit).DefaultIfEmpty(-1).Max();
        table = new int[max + 1];
        Array.Fill(table, -1);
        for (int i = 0; i < this.labels.Length; i++)
            if (this.labels[i] is >= 0 and < TableLimit) table[this.labels[i]] = i;
    }

    public int Count => labels.Length;

    /// <summary>Position of <paramref name="value"/> in the labels, or -1.</summary>
    public int IndexOf(float value)
    {
        int v = (int)value; // NaN and out-of-range values saturate; the equality below rejects them
        if ((uint)v < (uint)table.Length && v == value) return table[v];
        if (v != value) return -1;
        return Array.IndexOf(labels, v);
    }
}
