using System.Text.Json.Serialization;

namespace NnUNet.Core.Planning;

/// <summary>
/// One entry of <c>plans_per_stage</c>: the network input and layout of one configuration (spec §4.5, §4.6).
/// Spatial values are TRANSPOSED (the plans' <c>transpose_forward</c> applied; axis 0 is the coarsest).
/// In 2D plans the patch, pools and kernels have two axes while spacings and median size keep three.
/// </summary>
public sealed record StagePlan
{
    [JsonPropertyName("batch_size")]
    public required int BatchSize { get; init; }

    [JsonPropertyName("num_pool_per_axis")]
    public required IReadOnlyList<int> NumPoolPerAxis { get; init; }

    [JsonPropertyName("patch_size")]
    public required IReadOnlyList<int> PatchSize { get; init; }

    /// <summary>Median case shape resampled to <see cref="CurrentSpacing"/>, rounded half to even.</summary>
    [JsonPropertyName("median_patient_size_in_voxels")]
    public required IReadOnlyList<int> MedianPatientSizeInVoxels { get; init; }

    /// <summary>The spacing this stage's data is resampled to (transposed).</summary>
    [JsonPropertyName("current_spacing")]
    public required IReadOnlyList<double> CurrentSpacing { get; init; }

    /// <summary>The full-resolution target spacing (transposed); equals <see cref="CurrentSpacing"/> except for 3d_lowres.</summary>
    [JsonPropertyName("original_spacing")]
    public required IReadOnlyList<double> OriginalSpacing { get; init; }

    /// <summary>Augment in 2D (per slice of axis 0) because the patch is much flatter than wide (spec §4.5).</summary>
    [JsonPropertyName("do_dummy_2D_data_aug")]
    public required bool DoDummy2DDataAug { get; init; }

    /// <summary>One entry per pooling (no leading all-1 entry as in v2).</summary>
    [JsonPropertyName("pool_op_kernel_sizes")]
    public required IReadOnlyList<IReadOnlyList<int>> PoolOpKernelSizes { get; init; }

    /// <summary>One entry per resolution stage, the last one for the bottleneck.</summary>
    [JsonPropertyName("conv_kernel_sizes")]
    public required IReadOnlyList<IReadOnlyList<int>> ConvKernelSizes { get; init; }
}
