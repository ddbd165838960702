using NnUNet.Abstractions;
using NnUNet.Core.Training;

namespace NnUNet.Tests.Training;

/// <summary>
/// The default trainer cut down to test size: few epochs and iterations, one thread each for torch and the workers.
/// With <paramref name="previousStageTrainer"/> it is a cascade trainer (3d_cascade_fullres on that trainer's 3d_lowres predictions).
/// </summary>
internal sealed class TestTrainer(int epochs, int iterations = 4, int validationIterations = 2, int checkpointInterval = NnUNetTrainer.DefaultCheckpointInterval,
    string architecture = NnUNetTrainer.DefaultArchitecture, string? previousStageTrainer = null) : NnUNetTrainer
{
    protected override string? PreviousStageTrainer => previousStageTrainer;
    protected override int Epochs => epochs;
    protected override int IterationsPerEpoch => iterations;
    protected override int ValidationIterationsPerEpoch => validationIterations;
    protected override int CheckpointInterval => checkpointInterval;
    protected override string ArchitectureName => architecture;
    protected override TrainingThreads ThreadsFor(TorchSharp.torch.Device device) => new(1, 1, 1);

    /// <summary>Called with the trained network where the final validation starts (to look at it before it is disposed).</summary>
    public Action<SegmentationNetwork>? TrainedNetwork { get; init; }

    /// <summary>Whether the final validation runs (most tests look only at the training).</summary>
    public bool Validate { get; init; }

    protected override void ValidateFold(TrainingContext context, SegmentationNetwork network, CheckpointInfo checkpoint, TrainingLog log,
        IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        TrainedNetwork?.Invoke(network);
        if (Validate) base.ValidateFold(context, network, checkpoint, log, progress, cancellationToken);
    }
}
