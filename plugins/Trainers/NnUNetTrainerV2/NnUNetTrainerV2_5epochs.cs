using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 with 5 epochs (the poly learning rate decays over the 5).</summary>
[Trainer("nnUNetTrainerV2_5epochs", Description = "nnUNetTrainerV2 with 5 epochs")]
public sealed class NnUNetTrainerV2_5epochs : NnUNetTrainerV2
{
    protected override int Epochs => 5;
}
