using NnUNet.Core.Imaging;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// A case cropped to the bounding box of its non-zero region (spec §3, v1 ImageCropper): the arrays are in the raw
/// file's axis order, the segmentation holds -1 where it was 0 outside the (hole-filled) non-zero mask.
/// </summary>
public sealed class CroppedCase
{
    public required string Id { get; init; }

    /// <summary>Cropped voxels (c, z, y, x).</summary>
    public required float[] Data { get; init; }

    public required int Channels { get; init; }

    /// <summary>Shape after cropping (z, y, x), raw order.</summary>
    public required int[] Shape { get; init; }

    /// <summary>
    /// Cropped label map (z, y, x) with -1 outside the non-zero mask; for a case without labels the mask itself
    /// (0 inside, -1 outside), which normalisation with the non-zero mask uses.
    /// </summary>
    public required float[] Segmentation { get; init; }

    /// <summary>Whether <see cref="Segmentation"/> comes from a label file.</summary>
    public required bool HasLabel { get; init; }

    /// <summary>[[z0, z1], [y0, y1], [x0, x1]] in the raw array, end exclusive.</summary>
    public required int[][] CropBox { get; init; }

    /// <summary>Shape (z, y, x) of the raw image.</summary>
    public required int[] OriginalShape { get; init; }

    /// <summary>The raw image's geometry (spacing (z, y, x), ITK origin and direction).</summary>
    public required ImageGeometry Geometry { get; init; }

    public required IReadOnlyList<string> ImageFiles { get; init; }

    public string? LabelFile { get; init; }

    /// <summary>The distinct values of <see cref="Segmentation"/>, ascending (v1 properties["classes"]; -1 included).</summary>
    public required IReadOnlyList<int> Classes { get; init; }

    public long VoxelsPerChannel => (long)Shape[0] * Shape[1] * Shape[2];

    /// <summary>Voxels after cropping divided by voxels before (v1 size reduction).</summary>
    public double SizeReduction => (double)VoxelsPerChannel / ((long)OriginalShape[0] * OriginalShape[1] * OriginalShape[2]);
}
