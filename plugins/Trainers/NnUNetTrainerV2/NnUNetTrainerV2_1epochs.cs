using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 with 1 epoch (the poly learning rate decays over the 1).</summary>
[Trainer("nnUNetTrainerV2_1epochs", Description = "nnUNetTrainerV2 with 1 epoch")]
public sealed class NnUNetTrainerV2_1epochs : NnUNetTrainerV2
{
    protected override int Epochs => 1;
}
