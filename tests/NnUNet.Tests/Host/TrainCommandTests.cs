using System.Reflection;
using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Training;
using NnUNet.Host.Plugins;
using NnUNet.Tests.Preprocessing;
using NnUNet.Tests.TestSupport;
using NnUNet.Tests.Training;

namespace NnUNet.Tests.Host;

/// <summary>`nnunet train` as a user runs it: plugin trainers by name, clear errors for unknown trainers and architectures.</summary>
public sealed class TrainCommandTests
{
    [Fact]
    public void UnknownTrainerIsOneLineListingTheKnownOnes()
    {
        using var task = TinyTask.Create3D();
        var result = BuiltHost.Run(null, "train", "3d_fullres", "NoSuchTrainer", "900", "0",
            "--preprocessed", task.PreprocessedRoot, "--results", task.ResultsRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        string line = Assert.Single(result.StderrLines);
        Assert.Contains("no trainer named 'NoSuchTrainer'", line);
        Assert.Contains("nnUNetTrainerV2_noMirroring", line);
    }

    [Fact]
    public void CascadeConfigurationWithThePlainTrainerIsOneLineNamingTheCascadeTrainer()
    {
        // v1 users type the cascade trainer's name; the plain trainer cannot take the 3d_lowres predictions.
        using var task = TinyTask.Create3D();
        var result = BuiltHost.Run(null, "train", "3d_cascade_fullres", "nnUNetTrainerV2", "900", "0",
            "--preprocessed", task.PreprocessedRoot, "--results", task.ResultsRoot);

        Assert.True(result.ExitCode == 1, result.ToString());
        string line = Assert.Single(result.StderrLines);
        Assert.Contains("nnunet train 3d_cascade_fullres nnUNetTrainerV2CascadeFullRes TASK FOLD", line);
    }

    [Fact]
    public void UnknownArchitectureFromThePluginCatalogIsAClearErrorListingTheKnownOnes()
    {
        // The catalog the train command hands to trainers, here over a folder holding the probe plugin (the built-in
        // plugins are assemblies of this test process, which a catalog skips as host copies).
        using var folder = new TempDirectory("nnunet-plugins");
        BuiltHost.CopyProbePluginTo(folder.Path);
        var catalog = PluginCatalog.Load([new PluginFolder(folder.Path, PluginSearchPath.OptionSource)]);
        using var task = TinyTask.Create3D();
        var request = task.Request(architectures: name => catalog.Architecture(name).Create());

        var error = Assert.Throws<InvalidInputException>(() =>
            new TestTrainer(epochs: 1, architecture: "NoSuchNet").Run(request, null, CancellationToken.None));
        Assert.Contains("no network architecture named 'NoSuchNet'", error.Message);
        Assert.Contains("known: ProbeNet", error.Message);
    }

    [Fact]
    public void ExternalTrainerFoundThroughThePluginPathTrainsAndValidates()
    {
        using var task = TinyTask.Create3D();
        using var plugins = new TempDirectory("nnunet-sample-trainer");
        foreach (string file in Directory.EnumerateFiles(SampleTrainerFolder))
            File.Copy(file, Path.Combine(plugins.Path, Path.GetFileName(file)));

        var result = BuiltHost.Run(plugins.Path, "train", "3d_fullres", "QuickTrainer_CE_1epoch", "Task900_Tiny", "0", "--deterministic",
            "--preprocessed", task.PreprocessedRoot, "--results", task.ResultsRoot);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith("epoch 1/1 25/25 train loss", StringComparison.Ordinal));
        string fold = task.FoldFolder("QuickTrainer_CE_1epoch");
        var checkpoint = TrainingCheckpoint.Read(fold, TrainingCheckpoint.Final);
        Assert.Equal("QuickTrainer_CE_1epoch", checkpoint.Trainer);
        Assert.Equal(1, checkpoint.MaxEpochs);
        using (var debug = JsonDocument.Parse(File.ReadAllText(Path.Combine(fold, NnUNetTrainer.DebugFileName))))
            Assert.Equal(nameof(CrossEntropyLabelLoss), debug.RootElement.GetProperty("loss").GetString());
        Assert.True(File.Exists(Path.Combine(fold, FoldConsolidation.ValidationRawFolderName, EvaluationSummary.FileName)));
    }

    [Fact]
    public void PlannedAndPreprocessedTaskTrainsAndTheResultPredicts()
    {
        // The whole chain through the built host: plan_and_preprocess, train (the sample trainer, 2d), predict.
        using var temp = new TempDirectory();
        var task = new PreprocessingTaskBuilder(temp).WithCases(5, [6, 24, 20], _ => [2.0, 0.8, 0.8], "MR");
        string preprocessed = temp.Combine("preprocessed"), results = temp.Combine("results"), predictions = temp.Combine("predictions");
        using var plugins = new TempDirectory("nnunet-sample-trainer");
        foreach (string file in Directory.EnumerateFiles(SampleTrainerFolder)) File.Copy(file, Path.Combine(plugins.Path, Path.GetFileName(file)));
        string[] folders = ["--raw-data-base", task.RawDataBase, "--preprocessed", preprocessed, "--results", results];

        var plan = BuiltHost.Run(null, ["plan_and_preprocess", "-t", "502", "-tl", "1", "-tf", "1", .. folders]);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var train = BuiltHost.Run(plugins.Path, ["train", "2d", "QuickTrainer_CE_1epoch", "502", "0", .. folders]);
        Assert.True(train.ExitCode == 0, train.ToString());
        var predict = BuiltHost.Run(plugins.Path, ["predict", "-i", Path.Combine(task.Folder, "imagesTr"), "-o", predictions, "-t", "502",
            "-m", "2d", "-tr", "QuickTrainer_CE_1epoch", "-f", "0", "--disable_tta", .. folders]);
        Assert.True(predict.ExitCode == 0, predict.ToString());

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"case_{i:D2}.nii.gz"), Directory.GetFiles(predictions, "*.nii.gz").Select(Path.GetFileName).Order());
        string fold = Path.Combine(results, "nnUNet", "2d", "Task502_Pre", "QuickTrainer_CE_1epoch__nnUNetPlansv2.1", "fold_0");
        Assert.True(File.Exists(Path.Combine(fold, FoldConsolidation.ValidationRawFolderName, EvaluationSummary.FileName)));
    }

    static string SampleTrainerFolder
    {
        get
        {
            string? path = typeof(TrainCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "NnUNet.SampleTrainerPath")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path)) throw new InvalidOperationException($"The sample trainer was not built ({path}); rebuild the tests.");
            return Path.GetDirectoryName(path)!;
        }
    }
}
