namespace NnUNet.Core.Imaging;

/// <summary>
/// How one array is resampled: the in-plane (or full 3D) interpolation order, the order along the coarse axis
/// when resampling with separate z, and whether the values are labels (spec §5 "Resampling").
/// </summary>
/// <param name="IsSegmentation">Labels: each label is interpolated as a 0/1 mask and painted where it wins
/// (order 0 picks labels directly).</param>
/// <param name="Order">Order used in 3D, or in-plane (per slice) with separate z.</param>
/// <param name="OrderZ">Order along the separate-z axis; only used with separate z.</param>
public readonly record struct ResamplingScheme(bool IsSegmentation, InterpolationOrder Order, InterpolationOrder OrderZ)
{
    /// <summary>Image data in preprocessing: cubic, nearest along the coarse axis (spec §5).</summary>
    public static ResamplingScheme Data => new(false, InterpolationOrder.Cubic, InterpolationOrder.Nearest);

    /// <summary>Segmentations: per-label linear, nearest along the coarse axis (spec §5).</summary>
    public static ResamplingScheme Segmentation => new(true, InterpolationOrder.Linear, InterpolationOrder.Nearest);

    /// <summary>Softmax probabilities at export: linear, nearest along the coarse axis (spec §8).</summary>
    public static ResamplingScheme Probabilities => new(false, InterpolationOrder.Linear, InterpolationOrder.Nearest);
}
