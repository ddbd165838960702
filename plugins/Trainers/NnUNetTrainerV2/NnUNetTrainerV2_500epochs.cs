using NnUNet.Abstractions;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>nnUNetTrainerV2 with 500 epochs (the poly learning rate decays over the 500).</summary>
[Trainer("nnUNetTrainerV2_500epochs", Description = "nnUNetTrainerV2 with 500 epochs")]
public sealed class NnUNetTrainerV2_500epochs : NnUNetTrainerV2
{
    protected override int Epochs => 500;
}
