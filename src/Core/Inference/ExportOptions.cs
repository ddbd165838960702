using NnUNet.Core.Imaging;

namespace NnUNet.Core.Inference;

/// <summary>How <see cref="SegmentationExporter"/> turns class probabilities into a segmentation file.</summary>
public sealed record ExportOptions
{
    /// <summary>Values in a slab's largest temporary (4 Mi: 32 MB of float64 per worker).</summary>
    public const long DefaultSlabValues = 1 << 22;

    public static ExportOptions Default { get; } = new();

    /// <summary>Also return the probabilities at the raw image's shape (float16), for <c>--save_npz</c>.</summary>
    public bool KeepProbabilities { get; init; }

    /// <summary>Resampling back to the shape after cropping: order 1, order 0 along a separate z axis (spec §8).</summary>
    public ResamplingScheme Scheme { get; init; } = ResamplingScheme.Probabilities;

    /// <summary>null: separate z decided from the spacings (spec §8); true/false forces it.</summary>
    public bool? ForceSeparateZ { get; init; }

    /// <summary>Bounds each slab's temporaries, hence the memory above the input and the output.</summary>
    public long SlabValues { get; init; } = DefaultSlabValues;

    /// <summary>Slabs processed at once (each holds its own temporaries); -1 for one per core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
