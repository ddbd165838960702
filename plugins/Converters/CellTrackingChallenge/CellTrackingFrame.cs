using System.Globalization;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>One time point of a Cell Tracking Challenge sequence: <c>SEQ/tNNN.tif</c> and, if annotated, <c>SEQ_GT/SEG/man_segNNN.tif</c>.</summary>
/// <param name="Path">The image file.</param>
/// <param name="Name">The file name without ending, e.g. "t013".</param>
/// <param name="Number">The time point (13).</param>
/// <param name="Digits">Digits of the number in the name (3 for t013).</param>
/// <param name="GroundTruthPath">The segmentation of this frame, or null when it has none.</param>
internal sealed record CellTrackingFrame(string Path, string Name, int Number, int Digits, string? GroundTruthPath)
{
    /// <summary>The image file of the frame <paramref name="offset"/> steps away (same folder and digit count); it may not exist.</summary>
    public string Neighbour(int offset) => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!,
        "t" + (Number + offset).ToString("D" + Digits, CultureInfo.InvariantCulture) + System.IO.Path.GetExtension(Path));
}
