using NnUNet.Abstractions;
using NnUNet.Core.Training;

namespace NnUNet.Samples.CustomTrainer;

/// <summary>
/// A trainer written outside the repository: the default nnU-Net trainer with a different length and loss. One epoch of
/// 20 iterations with cross-entropy alone checks a new dataset end to end (data, network, checkpoints, validation) in
/// a minute before a real training is started.
/// </summary>
[Trainer("QuickTrainer_CE_1epoch", Description = "sample plugin: 1 epoch of 20 iterations, cross-entropy loss only")]
public sealed class QuickCrossEntropyTrainer : NnUNetTrainer
{
    protected override int Epochs => 1;

    protected override int IterationsPerEpoch => 20;

    protected override int ValidationIterationsPerEpoch => 5;

    protected override ISegmentationLoss CreateLoss(TrainingContext context) => new CrossEntropyLabelLoss();
}
