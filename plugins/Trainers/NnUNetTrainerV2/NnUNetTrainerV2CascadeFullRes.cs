using NnUNet.Abstractions;
using NnUNet.Core.Training;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>
/// nnU-Net v1's trainer of 3d_cascade_fullres: nnUNetTrainerV2 on the 3d_fullres stage with the out-of-fold 3d_lowres
/// segmentations of nnUNetTrainerV2 (its pred_next_stage/) as one-hot input channels, augmented by the cascade
/// augmentations as v1 runs them (spec §7). Trains 3d_cascade_fullres only.
/// </summary>
[Trainer(NnUNetTrainer.CascadeTrainerName,
    Description = "nnU-Net v1 cascade (3d_cascade_fullres): nnUNetTrainerV2 with the 3d_lowres predictions of nnUNetTrainerV2 as extra input")]
public class NnUNetTrainerV2CascadeFullRes : NnUNetTrainerV2
{
    /// <summary>v1's previous_trainer default.</summary>
    public const string DefaultPreviousStageTrainer = "nnUNetTrainerV2";

    protected override string? PreviousStageTrainer => DefaultPreviousStageTrainer;
}
