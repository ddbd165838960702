using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Training;
using TorchSharp;
using NnUNet.Tests.TestSupport;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>
/// The default trainer end to end on tiny generated tasks: it learns (loss goes down in 2D and 3D), writes the fold
/// folder of spec §11, resumes exactly with -c, and its checkpoints reproduce the trained network. Not run in parallel
/// with other tests: deterministic training seeds torch's global generator, which other tests draw from.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class TrainerTests
{
    public TrainerTests() => torch.set_num_threads(1);

    [Fact]
    public void ThreeDimensionalTrainingLowersTheLossAndWritesTheFoldFolder()
    {
        using var task = TinyTask.Create3D();
        new TestTrainer(epochs: 5, iterations: 6).Run(task.Request(), null, CancellationToken.None);

        string fold = task.FoldFolder("TestTrainer");
        var info = TrainingCheckpoint.Read(fold, TrainingCheckpoint.Final);
        AssertLearned(info.History);
        Assert.Equal(5, info.EpochsCompleted);
        Assert.Equal(3, info.Network.Dimensions);
        Assert.Equal(2, info.Network.NumClasses);                    // one foreground label + background
        Assert.Equal([0, 1, 2], info.MirrorAxes);
        Assert.Equal([8, 16, 16], info.PatchSize);

        // spec §11 fold folder: final and best checkpoints (latest is removed at the end), plot, log, debug file; plans beside.
        Assert.True(TrainingCheckpoint.Exists(fold, TrainingCheckpoint.Best));
        Assert.False(TrainingCheckpoint.Exists(fold, TrainingCheckpoint.Latest));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(Path.Combine(fold, ProgressPlot.FileName))[..4]);
        string log = File.ReadAllText(Assert.Single(Directory.GetFiles(fold, "training_log_*.txt")));
        Assert.Matches("CPU convolutions verified|oneDNN convolutions were wrong", log); // the guard ran before training
        Assert.Contains("epoch 4:", log);
        Assert.True(File.Exists(Path.Combine(fold, NnUNetTrainer.DebugFileName)));
        Assert.True(File.Exists(Path.Combine(task.OutputDirectory("TestTrainer"), NnUNetTrainer.PlansFileName)));

        // The poly schedule (spec §7): lr(e) = 0.01 (1 - e/5)^0.9, set at every epoch start.
        Assert.Equal([.. Enumerable.Range(0, 5).Select(e => 0.01 * Math.Pow(1 - e / 5.0, 0.9))], info.History.Epochs.Select(e => e.LearningRate));
    }

    [Fact]
    public void TwoDimensionalTrainingLowersTheLoss()
    {
        using var task = TinyTask.Create2D();
        new TestTrainer(epochs: 5, iterations: 8).Run(task.Request(), null, CancellationToken.None);

        var info = TrainingCheckpoint.Read(task.FoldFolder("TestTrainer"), TrainingCheckpoint.Final);
        AssertLearned(info.History);
        Assert.Equal(2, info.Network.Dimensions);
        Assert.Equal(NnUNetTrainer.MaxFeatures2D, info.Network.MaxFeatures);
        Assert.Equal([0, 1], info.MirrorAxes);
    }

    [Fact]
    public void InterruptedTrainingResumedWithContinueMatchesAnUninterruptedOne()
    {
        using var task = TinyTask.Create3D();
        // Uninterrupted reference: 3 epochs, model_latest after every epoch.
        new TestTrainer(epochs: 3, iterations: 3, checkpointInterval: 1).Run(task.Request("Reference"), null, CancellationToken.None);

        // Same run stopped during epoch 2 (as Ctrl+C does: after the current iteration, without writing anything).
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(u => { if (u.Stage == "epoch 2/3" && u.Done == 2) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new TestTrainer(epochs: 3, iterations: 3, checkpointInterval: 1).Run(task.Request("Resumed"), progress, stop.Token));
        string fold = task.FoldFolder("Resumed");
        Assert.False(TrainingCheckpoint.Exists(fold, TrainingCheckpoint.Final));
        Assert.Equal(1, TrainingCheckpoint.Read(fold, TrainingCheckpoint.Latest).EpochsCompleted);

        var resumedEpochs = new List<string>();
        new TestTrainer(epochs: 3, iterations: 3, checkpointInterval: 1)
            .Run(task.Request("Resumed", resume: true), new SynchronousProgress(u => { if (u.Item is not null) resumedEpochs.Add(u.Stage); }), CancellationToken.None);

        // It continued with epoch 2 (not from 1), and everything it ends with is bit-identical to the uninterrupted run:
        // histories (losses, pseudo Dice, EMA, learning rates), network weights, optimizer state incl. momentum buffers.
        Assert.Equal(["epoch 2/3", "epoch 3/3"], resumedEpochs);
        var reference = TrainingCheckpoint.Read(task.FoldFolder("Reference"), TrainingCheckpoint.Final);
        var resumed = TrainingCheckpoint.Read(fold, TrainingCheckpoint.Final);
        Assert.Equal(Json(reference.History.Epochs.Select(e => e with { Seconds = 0 })), Json(resumed.History.Epochs.Select(e => e with { Seconds = 0 })));
        Assert.Equal(reference.Weights!.Sha256, resumed.Weights!.Sha256);
        Assert.Equal(reference.Optimizer!.Sha256, resumed.Optimizer!.Sha256);
        Assert.Contains("continuing from model_latest after epoch 1", string.Concat(Directory.GetFiles(fold, "training_log_*.txt").Select(File.ReadAllText)));
    }

    [Fact]
    public void LoadedFinalCheckpointGivesTheTrainedNetworksOutputs()
    {
        using var task = TinyTask.Create3D();
        using var input = randn([1, 1, 8, 16, 16], generator: new Generator(3, CPU));
        Tensor[]? trained = null;
        new TestTrainer(epochs: 1, iterations: 2)
        {
            TrainedNetwork = network => { using var noGrad = no_grad(); network.eval(); trained = [.. network.call(input).Select(t => t.detach().clone())]; },
        }.Run(task.Request(), null, CancellationToken.None);

        string fold = task.FoldFolder("TestTrainer");
        var info = TrainingCheckpoint.Read(fold, TrainingCheckpoint.Final);
        using var loaded = new GenericUNetArchitecture().Build(info.Network, CPU);
        TrainingCheckpoint.LoadWeights(fold, info, loaded);
        loaded.eval();
        using var noGrad = no_grad();
        var outputs = loaded.call(input);
        Assert.NotNull(trained);
        Assert.Equal(trained!.Length, outputs.Length);
        for (int i = 0; i < outputs.Length; i++) Assert.True(outputs[i].eq(trained[i]).all().item<bool>(), $"output {i} differs after loading");
    }

    [Fact]
    public void SplitsFileIsWrittenOnceAndAUserEditedOneIsRespected()
    {
        using var task = TinyTask.Create3D();
        string splits = Path.Combine(task.TaskDirectory, SplitsFile.FileName);
        new TestTrainer(epochs: 1, iterations: 1, validationIterations: 1).Run(task.Request(), null, CancellationToken.None);
        var folds = SplitsFile.Read(splits, task.CaseIds.ToHashSet());
        Assert.Equal(5, folds.Count);
        Assert.Equal(folds[0].Val, DebugList(task.FoldFolder("TestTrainer"), "validation_cases"));

        // An edited file (a different split for fold 0) is used as it is.
        SplitsFile.Write(splits, [new FoldSplit(task.CaseIds.Skip(1).ToList(), [task.CaseIds[0]])]);
        new TestTrainer(epochs: 1, iterations: 1, validationIterations: 1).Run(task.Request("Edited"), null, CancellationToken.None);
        Assert.Equal([task.CaseIds[0]], DebugList(task.FoldFolder("Edited"), "validation_cases"));

        // Fold "all" trains (and validates) on every case.
        new TestTrainer(epochs: 1, iterations: 1, validationIterations: 1).Run(task.Request("All", fold: "all"), null, CancellationToken.None);
        Assert.Equal(task.CaseIds, DebugList(task.FoldFolder("All", "all"), "train_cases"));
    }

    static void AssertLearned(TrainingHistory history)
    {
        // Noisy patches and augmentation: compare the mean of the first and last two epochs, and check that the box is
        // being found (the pseudo Dice of a few patches is noisy, hence the modest bound).
        var losses = history.Epochs.Select(e => e.TrainLoss).ToArray();
        double first = (losses[0] + losses[1]) / 2, last = (losses[^1] + losses[^2]) / 2;
        Assert.True(last < first - 0.1, $"train loss did not go down: {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
        Assert.True(history.Epochs[^1].PseudoDice > Math.Max(0.4, history.Epochs[0].PseudoDice), $"pseudo Dice {string.Join(", ", history.Epochs.Select(e => e.PseudoDice.ToString("F3")))} losses {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
    }

    static string[] DebugList(string fold, string key)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(fold, NnUNetTrainer.DebugFileName)));
        return [.. json.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetString()!)];
    }

    static string Json<T>(T value) => JsonSerializer.Serialize(value, TrainingCheckpoint.JsonOptions);

    /// <summary>IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SynchronousProgress(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }
}
