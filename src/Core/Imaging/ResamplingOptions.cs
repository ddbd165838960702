namespace NnUNet.Core.Imaging;

/// <summary>
/// Settings of resampling a case to a target spacing (v1 resample_patient). The defaults are what v1
/// preprocessing uses: data order 3, segmentation order 1, order 0 along the coarse axis, separate z decided
/// from the spacings with threshold 3 (spec §5).
/// </summary>
public sealed record ResamplingOptions
{
    /// <summary>Options with every setting at its default.</summary>
    public static ResamplingOptions Default { get; } = new();

    /// <summary>How the image channels are resampled.</summary>
    public ResamplingScheme DataScheme { get; init; } = ResamplingScheme.Data;

    /// <summary>How the segmentation is resampled.</summary>
    public ResamplingScheme SegmentationScheme { get; init; } = ResamplingScheme.Segmentation;

    /// <summary>null: decide from the spacings; true: separate z along the original spacing's coarsest axis;
    /// false: never.</summary>
    public bool? ForceSeparateZ { get; init; }

    /// <summary>Separate z when max/min spacing exceeds this.</summary>
    public double AnisotropyThreshold { get; init; } = ResamplingPlan.DefaultAnisotropyThreshold;
}
