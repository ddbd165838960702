namespace NnUNet.Core.Conversion;

/// <summary>What a source file's header says, read without decoding its pixels.</summary>
/// <param name="Path">The file.</param>
/// <param name="Channels">Colour channels (1 gray, 3 RGB); alpha is not counted.</param>
/// <param name="Shape">(z, y, x): pages, rows, columns (z = 1 for a single 2D image).</param>
/// <param name="SampleType">How one sample is stored.</param>
public sealed record SourceImageHeader(string Path, int Channels, int[] Shape, SourceSampleType SampleType)
{
    /// <summary>The shape as "z x y x x", for messages.</summary>
    public string DescribeShape() => string.Join(" x ", Shape);
}
