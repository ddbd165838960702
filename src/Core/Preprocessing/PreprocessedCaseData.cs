namespace NnUNet.Core.Preprocessing;

/// <summary>
/// A case after preprocessing, in memory: what <see cref="PreprocessedCase"/> stores for training, and what a
/// predictor feeds the network for a test case.
/// </summary>
public sealed class PreprocessedCaseData
{
    /// <summary>Normalised image (c, z, y, x) in plan axis order, at the stage's spacing.</summary>
    public required float[] Data { get; init; }

    public required int Channels { get; init; }

    /// <summary>Spatial shape (z, y, x), plan order.</summary>
    public required int[] Shape { get; init; }

    /// <summary>Resampled label map (-1 outside the non-zero mask); for a case without labels the resampled mask (0 / -1).</summary>
    public required float[] Segmentation { get; init; }

    /// <summary>Whether <see cref="Segmentation"/> comes from a label file (then it is stored).</summary>
    public required bool HasLabel { get; init; }

    public required CaseProperties Properties { get; init; }

    /// <summary>Writes the case into a stage folder (<see cref="PreprocessedCase.Write"/>).</summary>
    public void Write(string folder) =>
        PreprocessedCase.Write(folder, Data, Channels, Shape, HasLabel ? Segmentation : ReadOnlyMemory<float>.Empty, Properties);
}
