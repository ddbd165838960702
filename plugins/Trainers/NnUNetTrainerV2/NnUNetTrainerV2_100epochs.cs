using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 with 100 epochs (the poly learning rate decays over the 100).</summary>
[Trainer("nnUNetTrainerV2_100epochs", Description = "nnUNetTrainerV2 with 100 epochs")]
public sealed class NnUNetTrainerV2_100epochs : NnUNetTrainerV2
{
    protected override int Epochs => 100;
}
