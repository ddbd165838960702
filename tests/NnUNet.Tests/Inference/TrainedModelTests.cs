using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using NnUNet.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Inference;

/// <summary>The model folder contract prediction reads (plans.json, fold_X/CHECKPOINT.model + .model.json), with real
/// Generic U-Nets saved by TorchSharp.</summary>
public class TrainedModelTests
{
    public TrainedModelTests() => torch.set_num_threads(1);

    static readonly NetworkSpec Spec = new(3, 1, 2, [[2, 2, 2]], [[3, 3, 3], [3, 3, 3]], BaseFeatures: 4, MaxFeatures: 8);
    static readonly int[] Patch = [8, 8, 8];

    static ExperimentPlans Plans()
    {
        var fingerprint = new DatasetFingerprint
        {
            Cases = Enumerable.Range(0, 4).Select(i => new CaseFingerprint
            {
                CaseIdentifier = $"case_{i}", Spacing = [1, 1, 1], ShapeAfterCropping = [24, 24, 24], SizeReduction = 1,
            }).ToArray(),
            Modalities = ["MRI"],
            AllClasses = [1],
        };
        var plans = ExperimentPlanner.Plan(fingerprint).Plans3D!;
        var stage = plans.PlansPerStage[^1] with { PatchSize = Patch, PoolOpKernelSizes = [[2, 2, 2]], ConvKernelSizes = [[3, 3, 3], [3, 3, 3]] };
        return plans with { PlansPerStage = [stage] };
    }

    /// <summary>Writes a model folder with one freshly initialised network per fold; returns the networks.</summary>
    static List<SegmentationNetwork> WriteModel(string folder, params string[] folds)
    {
        Plans().Write(Path.Combine(folder, TrainedModel.PlansFileName));
        var networks = new List<SegmentationNetwork>();
        foreach (string fold in folds)
        {
            string foldFolder = TrainedModel.FoldFolder(folder, fold);
            Directory.CreateDirectory(foldFolder);
            var network = new GenericUNetArchitecture().Build(Spec, CPU);
            network.save(Path.Combine(foldFolder, TrainedModel.FinalCheckpoint + TrainedModel.WeightsExtension));
            CheckpointDescription.Create(GenericUNetArchitecture.Name, Spec, Patch, [0, 1, 2], "nnUNetTrainerV2")
                .Write(Path.Combine(foldFolder, TrainedModel.FinalCheckpoint + TrainedModel.DescriptionExtension));
            networks.Add(network);
        }
        return networks;
    }

    static INetworkArchitecture Find(string name) =>
        name == GenericUNetArchitecture.Name ? new GenericUNetArchitecture() : throw new InvalidInputException($"no architecture {name}");

    [Fact]
    public void LoadedFoldsPredictLikeTheNetworksThatWereSaved()
    {
        using var dir = new TempDirectory();
        var saved = WriteModel(dir.Path, "0", "1");

        var model = TrainedModel.Open(dir.Path, Configurations.FullRes3D);
        Assert.Equal(["0", "1"], model.Folds.Select(f => f.Fold));
        Assert.Equal(2, model.NumClasses);
        Assert.Null(model.PostprocessingPath);
        var settings = model.CreateSettings();
        Assert.Equal(Patch, settings.PatchSize);
        Assert.Equal([0, 1, 2], settings.MirrorAxes);

        int[] shape = [10, 9, 12];
        var random = new Random(5);
        var data = Enumerable.Range(0, 10 * 9 * 12).Select(_ => (float)random.NextDouble()).ToArray();
        var loaded = new SlidingWindowPredictor(model.LoadNetworks(Find, CPU), settings with { UseMirroring = false }, CPU).Predict(data, 1, shape);
        var original = new SlidingWindowPredictor(saved, settings with { UseMirroring = false }, CPU).Predict(data, 1, shape);
        Assert.Equal(original, loaded);
        // Two different random networks: the average is not either one's prediction.
        var first = new SlidingWindowPredictor([saved[0]], settings with { UseMirroring = false }, CPU).Predict(data, 1, shape);
        Assert.NotEqual(first, loaded);
    }

    [Fact]
    public void MissingOrMismatchedCheckpointsAreErrorsNamingTheFile()
    {
        using var dir = new TempDirectory();
        WriteModel(dir.Path, "0");

        var missing = Assert.Throws<InvalidInputException>(() => TrainedModel.Open(dir.Path, Configurations.FullRes3D, ["0", "3"]));
        Assert.Contains(Path.Combine(dir.Path, "fold_3", "model_final_checkpoint.model"), missing.Message);
        var best = Assert.Throws<InvalidInputException>(() => TrainedModel.Open(dir.Path, Configurations.FullRes3D, null, TrainedModel.BestCheckpoint));
        Assert.Contains("model_best.model", best.Message);

        // A description that does not fit the saved weights (twice the features).
        string description = Path.Combine(dir.Path, "fold_0", TrainedModel.FinalCheckpoint + TrainedModel.DescriptionExtension);
        CheckpointDescription.Create(GenericUNetArchitecture.Name, Spec with { BaseFeatures = 8, MaxFeatures = 16 }, Patch, [0, 1, 2]).Write(description);
        var model = TrainedModel.Open(dir.Path, Configurations.FullRes3D);
        var e = Assert.Throws<InvalidInputException>(() => model.LoadNetworks(Find, CPU));
        Assert.Contains(Path.Combine(dir.Path, "fold_0", "model_final_checkpoint.model"), e.Message);

        // A patch other than the plan's.
        CheckpointDescription.Create(GenericUNetArchitecture.Name, Spec, [16, 8, 8], [0, 1, 2]).Write(description);
        Assert.Contains("patch", Assert.Throws<InvalidInputException>(() => TrainedModel.Open(dir.Path, Configurations.FullRes3D)).Message);
    }
}
