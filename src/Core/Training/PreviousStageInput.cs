using NnUNet.Core.Inference;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Core.Training;

/// <summary>
/// The cascade's extra input for the cases of a <see cref="PatchSampler"/>: each case's previous-stage segmentation
/// (same index, same shape), the classes whose foreground labels become one-hot channels, and their augmentation.
/// </summary>
/// <param name="Segmentations">One per sampler case, in the sampler's order.</param>
/// <param name="NumClasses">Network outputs, background included: labels 1..C-1 become C-1 channels.</param>
/// <param name="Augmentation">Applied to training batches only.</param>
public sealed record PreviousStageInput(IReadOnlyList<PreviousStageSegmentation> Segmentations, int NumClasses, CascadeAugmentationParameters Augmentation)
{
    /// <summary>Channels appended to the image channels.</summary>
    public int Channels => CascadeInput.Channels(NumClasses);
}
