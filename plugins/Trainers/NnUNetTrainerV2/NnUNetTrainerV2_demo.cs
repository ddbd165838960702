using NnUNet.Abstractions;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Trainers.NnUNetTrainerV2;

/// <summary>
/// A CPU demo and smoke-test variant, not a way to train a real model: nnUNetTrainerV2 (same loss, optimizer, poly
/// schedule, augmentation including mirroring, deep supervision and plans) shortened to <see cref="DemoEpochs"/> epochs
/// of <see cref="DemoIterations"/> iterations, with a network of <see cref="DemoBaseFeatures"/> base features instead of
/// the plans' 32 (a quarter of the convolution work), and no mirroring at validation and prediction (8 times fewer
/// forward passes in 3D). <c>nnunet demo</c> trains it on small phantoms (docs/demo.md has the measurements); on a real
/// dataset it shows that data, plans, training, validation and prediction work, in minutes on a CPU.
/// </summary>
[Trainer("nnUNetTrainerV2_demo", Description = "CPU demo/smoke test: nnUNetTrainerV2 with 16 base features, 5 epochs x 20 iterations, no test-time mirroring (not for real models)")]
public class NnUNetTrainerV2_demo : NnUNetTrainerV2
{
    public const int DemoEpochs = 5;
    public const int DemoIterations = 20;
    public const int DemoValidationIterations = 2;
    public const int DemoBaseFeatures = 16;

    protected override int Epochs => DemoEpochs;

    protected override int IterationsPerEpoch => DemoIterations;

    // Only the per-epoch pseudo Dice (a progress estimate) comes from these; the final validation predicts whole cases.
    protected override int ValidationIterationsPerEpoch => DemoValidationIterations;

    protected override IReadOnlyList<int> MirrorAxes(AugmentationParameters augmentation) => [];

    protected override NetworkSpec CreateNetworkSpec(TrainingContext context) =>
        base.CreateNetworkSpec(context) with { BaseFeatures = DemoBaseFeatures };
}
