using NnUNet.Abstractions;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 without mirroring, in training and therefore at inference (no mirroring TTA).</summary>
[Trainer("nnUNetTrainerV2_noMirroring", Description = "nnUNetTrainerV2 without mirroring augmentation and without mirroring at inference")]
public sealed class NnUNetTrainerV2_noMirroring : NnUNetTrainerV2
{
    protected override AugmentationParameters CreateAugmentationParameters(TrainingContext context) =>
        base.CreateAugmentationParameters(context).WithoutMirroring();
}
