using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 with 250 epochs (the poly learning rate decays over the 250).</summary>
[Trainer("nnUNetTrainerV2_250epochs", Description = "nnUNetTrainerV2 with 250 epochs")]
public sealed class NnUNetTrainerV2_250epochs : NnUNetTrainerV2
{
    protected override int Epochs => 250;
}
