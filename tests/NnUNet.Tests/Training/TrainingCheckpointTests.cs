using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Training;
using NnUNet.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>Checkpoint files: round trip of weights and optimizer state, and the JSON commit that exposes interrupted saves.</summary>
public sealed class TrainingCheckpointTests
{
    public TrainingCheckpointTests() => torch.set_num_threads(1);

    static readonly NetworkSpec Spec = new(2, 1, 2, [[2, 2]], [[3, 3], [3, 3]], BaseFeatures: 4, MaxFeatures: 8);

    static CheckpointInfo Info(int epochs) => new()
    {
        Trainer = "TestTrainer",
        Architecture = GenericUNetArchitecture.Name,
        Network = Spec,
        Task = "Task900_Tiny",
        Configuration = "2d",
        PlansIdentifier = "nnUNetPlansv2.1",
        Fold = "0",
        PatchSize = [16, 16],
        MirrorAxes = [0, 1],
        EpochsCompleted = epochs,
        MaxEpochs = 10,
        IterationsPerEpoch = 3,
        ValidationIterationsPerEpoch = 1,
        Seed = ulong.MaxValue - 7,
        Deterministic = true,
        History = new TrainingHistory(),
    };

    static (SegmentationNetwork Network, OptimizerHelper Optimizer) Trained(int steps)
    {
        var network = new GenericUNetArchitecture().Build(Spec, CPU);
        var optimizer = optim.SGD(network.parameters(), 0.01, momentum: 0.99, weight_decay: 3e-5, nesterov: true);
        using var input = randn([2, 1, 16, 16], generator: new Generator(1, CPU));
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            network.call(input)[0].square().mean().backward();
            optimizer.step();
        }
        return (network, optimizer);
    }

    [Fact]
    public void SavedWeightsAndMomentumBuffersLoadBackExactly()
    {
        using var dir = new TempDirectory();
        var (network, optimizer) = Trained(steps: 3);
        var written = TrainingCheckpoint.Save(dir.Path, TrainingCheckpoint.Latest, network, optimizer, Info(epochs: 4));

        var read = TrainingCheckpoint.Read(dir.Path, TrainingCheckpoint.Latest);
        Assert.Equal(written.Weights, read.Weights);
        Assert.Equal(ulong.MaxValue - 7, read.Seed);
        Assert.Equal(Spec.PoolKernelSizes, read.Network.PoolKernelSizes);
        Assert.Equal(Spec with { PoolKernelSizes = [], ConvKernelSizes = [] }, read.Network with { PoolKernelSizes = [], ConvKernelSizes = [] });
        var (other, otherOptimizer) = Trained(steps: 0);
        TrainingCheckpoint.LoadWeights(dir.Path, read, other);
        TrainingCheckpoint.LoadOptimizer(dir.Path, read, otherOptimizer);

        foreach (var ((name, a), (_, b)) in network.named_parameters().Zip(other.named_parameters()))
            Assert.True(a.eq(b).all().item<bool>(), $"parameter {name} differs");
        var buffers = optimizer.state_dict().State.Cast<SGD.State>().Select(s => s.momentum_buffer).ToList();
        var loaded = otherOptimizer.state_dict().State.Cast<SGD.State>().Select(s => s.momentum_buffer).ToList();
        Assert.Equal(buffers.Count, loaded.Count);
        for (int i = 0; i < buffers.Count; i++) Assert.True(buffers[i].eq(loaded[i]).all().item<bool>(), $"momentum buffer {i} differs");
    }

    [Fact]
    public void PartsOfAnInterruptedSaveAreDetectedAndContinueFallsBack()
    {
        using var dir = new TempDirectory();
        var (network, optimizer) = Trained(steps: 1);
        TrainingCheckpoint.Save(dir.Path, TrainingCheckpoint.Best, network, optimizer, Info(epochs: 2));
        TrainingCheckpoint.Save(dir.Path, TrainingCheckpoint.Latest, network, optimizer, Info(epochs: 3));
        // A later save of model_latest killed after its weights were renamed but before its JSON: parts disagree.
        var (later, laterOptimizer) = Trained(steps: 2);
        later.save(TrainingCheckpoint.WeightsPath(dir.Path, TrainingCheckpoint.Latest));

        var error = Assert.Throws<InvalidInputException>(() => TrainingCheckpoint.Read(dir.Path, TrainingCheckpoint.Latest));
        Assert.Contains("model_latest.model.json", error.Message);
        Assert.Contains("interrupted", error.Message);
        var skipped = new List<string>();
        var found = TrainingCheckpoint.FindForContinue(dir.Path, skipped.Add);
        Assert.Equal(TrainingCheckpoint.Best, found?.Name);
        Assert.Equal(2, found?.Info.EpochsCompleted);
        Assert.Contains(skipped, s => s.Contains("model_latest"));
    }

    [Fact]
    public void ContinueTakesFinalThenLatestThenBest()
    {
        using var dir = new TempDirectory();
        var (network, optimizer) = Trained(steps: 0);
        Assert.Null(TrainingCheckpoint.FindForContinue(dir.Path, _ => { }));
        TrainingCheckpoint.Save(dir.Path, TrainingCheckpoint.Best, network, optimizer, Info(epochs: 7)); // newer, but v1 order
        TrainingCheckpoint.Save(dir.Path, TrainingCheckpoint.Latest, network, optimizer, Info(epochs: 5));
        Assert.Equal(TrainingCheckpoint.Latest, TrainingCheckpoint.FindForContinue(dir.Path, _ => { })?.Name);
        TrainingCheckpoint.Save(dir.Path, TrainingCheckpoint.Final, network, optimizer, Info(epochs: 10));
        Assert.Equal(TrainingCheckpoint.Final, TrainingCheckpoint.FindForContinue(dir.Path, _ => { })?.Name);

        TrainingCheckpoint.Delete(dir.Path, TrainingCheckpoint.Latest);
        Assert.False(TrainingCheckpoint.Exists(dir.Path, TrainingCheckpoint.Latest));
        Assert.False(File.Exists(TrainingCheckpoint.WeightsPath(dir.Path, TrainingCheckpoint.Latest)));
    }

    [Fact]
    public void MissingOrCorruptCheckpointIsAnErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        var missing = Assert.Throws<InvalidInputException>(() => TrainingCheckpoint.Read(dir.Path, TrainingCheckpoint.Final));
        Assert.Contains(TrainingCheckpoint.InfoPath(dir.Path, TrainingCheckpoint.Final), missing.Message);
        File.WriteAllText(TrainingCheckpoint.InfoPath(dir.Path, TrainingCheckpoint.Final), "{ truncated");
        var corrupt = Assert.Throws<InvalidInputException>(() => TrainingCheckpoint.Read(dir.Path, TrainingCheckpoint.Final));
        Assert.StartsWith(TrainingCheckpoint.InfoPath(dir.Path, TrainingCheckpoint.Final), corrupt.Message);
    }
}
