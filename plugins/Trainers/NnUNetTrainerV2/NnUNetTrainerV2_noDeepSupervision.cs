using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 whose loss sees only the full-resolution output.</summary>
[Trainer("nnUNetTrainerV2_noDeepSupervision", Description = "nnUNetTrainerV2 without deep supervision (loss on the full-resolution output only)")]
public sealed class NnUNetTrainerV2_noDeepSupervision : NnUNetTrainerV2
{
    protected override bool DeepSupervision => false;
}
