using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 with 50 epochs (the poly learning rate decays over the 50).</summary>
[Trainer("nnUNetTrainerV2_50epochs", Description = "nnUNetTrainerV2 with 50 epochs")]
public sealed class NnUNetTrainerV2_50epochs : NnUNetTrainerV2
{
    protected override int Epochs => 50;
}
