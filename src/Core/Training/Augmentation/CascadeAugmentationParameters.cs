namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// The cascade's augmentation of the previous stage's one-hot channels (spec §7 "cascade" row, v1): per sample with
/// p 0.4 a random binary operator (dilation, erosion, opening or closing, chosen uniformly) with a ball of radius
/// U(1, 8) on every label channel; then per sample with p 0.2 the removal of one random connected component per label
/// among those covering at most 15 % of the patch. The defaults are these values; <see cref="V1"/> is what v1 runs.
/// </summary>
public sealed record CascadeAugmentationParameters
{
    /// <summary>Per sample: apply the binary operators (v1 cascade_random_binary_transform_p).</summary>
    public double BinaryOperatorProbability { get; init; } = 0.4;        // spec §7 cascade: p 0.4

    /// <summary>Per label channel of a selected sample (v1 1; v2 0.5).</summary>
    public double BinaryOperatorLabelProbability { get; init; } = 1;     // spec §7 cascade: v1 every label, v2 p 0.5

    /// <summary>Ball radius drawn from U(<see cref="MinRadius"/>, <see cref="MaxRadius"/>), in voxels.</summary>
    public double MinRadius { get; init; } = 1;                          // spec §7 cascade: ball r U(1, 8)

    public double MaxRadius { get; init; } = 8;                          // spec §7 cascade

    /// <summary>Per sample: remove one random connected component of each label channel.</summary>
    public double ComponentRemovalProbability { get; init; } = 0.2;      // spec §7 cascade: p 0.2

    /// <summary>Only components of at most this fraction of the patch voxels are removed.</summary>
    public double ComponentRemovalMaxFraction { get; init; } = 0.15;     // spec §7 cascade: <= 15 %

    /// <summary>
    /// What nnU-Net v1's nnUNetTrainerV2CascadeFullRes actually trains with: v1 passes two arguments of its component
    /// removal in swapped places, so no component ever qualifies and the removal never fires (spec §7). Reproduced,
    /// so that a cascade trained here sees the inputs a v1 cascade saw; derive with ComponentRemovalProbability 0.2 to
    /// get the removal as specified.
    /// </summary>
    public static CascadeAugmentationParameters V1 { get; } = new() { ComponentRemovalProbability = 0 };
}
