using NnUNet.Abstractions;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>
/// nnUNetTrainerV2 trained on plain patches (sampling and foreground oversampling only); a network never shown mirrored
/// data is not mirrored at inference either.
/// </summary>
[Trainer("nnUNetTrainerV2_noDataAugmentation", Description = "nnUNetTrainerV2 without data augmentation (and without mirroring at inference)")]
public sealed class NnUNetTrainerV2_noDataAugmentation : NnUNetTrainerV2
{
    protected override AugmentationParameters CreateAugmentationParameters(TrainingContext context) =>
        base.CreateAugmentationParameters(context).WithoutAugmentation();
}
