using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 with 10 epochs (the poly learning rate decays over the 10).</summary>
[Trainer("nnUNetTrainerV2_10epochs", Description = "nnUNetTrainerV2 with 10 epochs")]
public sealed class NnUNetTrainerV2_10epochs : NnUNetTrainerV2
{
    protected override int Epochs => 10;
}
