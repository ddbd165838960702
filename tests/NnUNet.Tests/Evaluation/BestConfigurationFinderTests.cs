using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Evaluation;

/// <summary>find_best_configuration on synthetic validation folders (with and without --strict, ensembles, postprocessing).</summary>
public sealed class BestConfigurationFinderTests : IDisposable
{
    const string Plans = "nnUNetPlansv2.1", Trainer = TrainedConfiguration.DefaultTrainer;
    readonly TempDirectory temp = new();
    readonly List<string> warnings = [];

    public void Dispose() => temp.Dispose();

    static BestConfigurationRequest Request(params string[] configurations) =>
        new() { TaskName = TrainedTaskBuilder.Task, Configurations = configurations };

    BestConfigurationFinder Finder(TrainedTaskBuilder task) => new(task.Paths, warnings.Add);

    [Fact]
    public void NonStrictSkipsWhatIsNotTrainedAndPicksTheBestSingleConfiguration()
    {
        var task = new TrainedTaskBuilder(temp);
        task.Train("2d", TrainedTaskBuilder.WithBlob);
        task.Train("3d_fullres", TrainedTaskBuilder.MissingLeft);

        // (Their ensemble would win: it is scored in EnsembleOfComplementaryConfigurationsWins...)
        var result = Finder(task).Run(Request("2d", "3d_fullres", "3d_lowres") with { DisableEnsembling = true });

        Assert.Equal(["2d", "3d_fullres"], result.Candidates.Select(c => c.Name));
        Assert.Equal("2d", result.Best.Name);
        Assert.True(result.Candidates[0].ForegroundDice > result.Candidates[1].ForegroundDice);
        Assert.Equal([$"3d_lowres skipped: {task.TrainerFolder("3d_lowres")} does not exist (not trained)"], warnings);
        Assert.Equal(warnings, result.Skipped);

        // Postprocessing is decided for the winner only: the far blob makes the merged step worthwhile.
        Assert.Equal("[[1, 2]]", result.Postprocessing!.ToString());
        Assert.True(File.Exists(Path.Combine(task.TrainerFolder("2d"), Postprocessing.FileName)));
        Assert.False(File.Exists(Path.Combine(task.TrainerFolder("3d_fullres"), Postprocessing.FileName)));

        string ensembles = task.Paths.EnsemblesFolder(TrainedTaskBuilder.Task);
        Assert.Equal(Path.Combine(ensembles, BestConfigurationFinder.CommandsFileName), result.CommandsFile);
        Assert.Equal($"nnunet predict -i FOLDER_WITH_TEST_CASES -o OUTPUT_FOLDER -t {TrainedTaskBuilder.Task} -m 2d -tr {Trainer} -p {Plans}\n",
            File.ReadAllText(result.CommandsFile));
        string[] csv = File.ReadAllLines(result.SummaryFile);
        Assert.Equal("model,class1,class2,average", csv[0]);
        Assert.StartsWith("2d,", csv[1]);
        Assert.Matches(@"^3d_fullres,0\.\d{4},1\.0000,0\.\d{4}$", csv[2]); // class 1 partly missed, class 2 exact
        Assert.Equal(3, csv.Length);
    }

    [Fact]
    public void StrictMakesAnUntrainedConfigurationAnError()
    {
        var task = new TrainedTaskBuilder(temp);
        task.Train("2d", TrainedTaskBuilder.Reference);

        var e = Assert.Throws<InvalidInputException>(() => Finder(task).Run(Request("2d", "3d_lowres") with { Strict = true }));

        Assert.Contains("3d_lowres", e.Message);
        Assert.Contains(task.TrainerFolder("3d_lowres"), e.Message);
    }

    [Fact]
    public void IncompleteConfigurationIsSkippedWithoutStrictAndAnErrorWithIt()
    {
        var task = new TrainedTaskBuilder(temp);
        task.Train("2d", TrainedTaskBuilder.Reference);
        task.Train("3d_fullres", TrainedTaskBuilder.Reference, folds: [0, 1]);

        var result = Finder(task).Run(Request("2d", "3d_fullres"));
        Assert.Equal(["2d"], result.Candidates.Select(c => c.Name));
        Assert.Contains(warnings, w => w.StartsWith("3d_fullres skipped") && w.Contains("fold_2"));

        var e = Assert.Throws<InvalidInputException>(() => Finder(task).Run(Request("2d", "3d_fullres") with { Strict = true }));
        Assert.Contains("fold_2", e.Message);
    }

    [Fact]
    public void NothingTrainedIsAnError()
    {
        var task = new TrainedTaskBuilder(temp);
        var e = Assert.Throws<InvalidInputException>(() => Finder(task).Run(Request("2d", "3d_fullres")));
        Assert.Contains(TrainedTaskBuilder.Task, e.Message);
    }

    [Fact]
    public void EnsembleOfComplementaryConfigurationsWinsAndGetsItsOwnPostprocessing()
    {
        // Each configuration misses half of class 1, narrowly (0.55 vs 0.45), where the other is sure (0.9): the
        // mean of their probabilities is right everywhere.
        var task = new TrainedTaskBuilder(temp);
        task.Train("2d", TrainedTaskBuilder.MissingLeft);
        task.Train("3d_fullres", TrainedTaskBuilder.MissingRight);
        task.Train(Core.Planning.Configurations.CascadeFullRes3D, TrainedTaskBuilder.MissingRight, trainer: TrainedConfiguration.DefaultCascadeTrainer);

        var result = Finder(task).Run(Request("2d", "3d_fullres", "3d_cascade_fullres"));

        string name = $"ensemble_2d__{Trainer}__{Plans}--3d_fullres__{Trainer}__{Plans}";
        Assert.Equal(["2d", "3d_fullres", "3d_cascade_fullres", name,
                      $"ensemble_2d__{Trainer}__{Plans}--3d_cascade_fullres__{TrainedConfiguration.DefaultCascadeTrainer}__{Plans}",
                      $"ensemble_3d_fullres__{Trainer}__{Plans}--3d_cascade_fullres__{TrainedConfiguration.DefaultCascadeTrainer}__{Plans}"],
            result.Candidates.Select(c => c.Name));
        Assert.Equal(name, result.Best.Name); // first of the equally perfect ensembles
        Assert.Equal(1.0, result.Best.ForegroundDice);
        Assert.True(result.Candidates[^1].ForegroundDice < 1); // both miss the same half: the mean cannot recover it
        string folder = Path.Combine(task.Paths.EnsemblesFolder(TrainedTaskBuilder.Task), name);
        for (int i = 0; i < TrainedTaskBuilder.Cases; i++)
        {
            var ensembled = NiftiReader.Read(Path.Combine(folder, ConfigurationEnsemble.RawFolderName, TrainedTaskBuilder.CaseFile(i)));
            Assert.Equal(TrainedTaskBuilder.Reference(i).Data, ensembled.Data);
            Assert.Equal(LabelVolume.Geometry.Origin, ensembled.Geometry.Origin);
        }
        Assert.True(File.Exists(Path.Combine(folder, Postprocessing.FileName)));
        Assert.True(File.Exists(Path.Combine(folder, ConfigurationEnsemble.PostprocessedFolderName, EvaluationSummary.FileName)));

        string[] commands = File.ReadAllLines(result.CommandsFile);
        Assert.Equal(
        [
            $"nnunet predict -i FOLDER_WITH_TEST_CASES -o OUTPUT_FOLDER_MODEL1 -t {TrainedTaskBuilder.Task} -m 2d -tr {Trainer} -p {Plans} --save_npz",
            $"nnunet predict -i FOLDER_WITH_TEST_CASES -o OUTPUT_FOLDER_MODEL2 -t {TrainedTaskBuilder.Task} -m 3d_fullres -tr {Trainer} -p {Plans} --save_npz",
            $"nnunet ensemble -f OUTPUT_FOLDER_MODEL1 OUTPUT_FOLDER_MODEL2 -o OUTPUT_FOLDER -pp {Path.Combine(folder, Postprocessing.FileName)}",
        ], commands);

        // A second run reuses the scored folders: it needs no probabilities any more.
        foreach (string npz in Directory.EnumerateFiles(task.Paths.NetworkTrainingOutputFolder, "*.npz", SearchOption.AllDirectories)) File.Delete(npz);
        var again = Finder(task).Run(Request("2d", "3d_fullres", "3d_cascade_fullres"));
        Assert.Equal(result.Candidates.Select(c => c.ForegroundDice), again.Candidates.Select(c => c.ForegroundDice));
    }

    [Fact]
    public void CascadeCommandNamesBothTrainers()
    {
        var task = new TrainedTaskBuilder(temp);
        task.Train("3d_cascade_fullres", TrainedTaskBuilder.Reference, trainer: TrainedConfiguration.DefaultCascadeTrainer);

        var result = Finder(task).Run(Request("3d_cascade_fullres") with { DisablePostprocessing = true });

        Assert.Contains($"-m 3d_cascade_fullres -tr {Trainer} -ctr {TrainedConfiguration.DefaultCascadeTrainer} -p {Plans}", result.PredictionCommands);
    }

    [Fact]
    public void DisabledEnsemblingAndPostprocessingWriteNeither()
    {
        var task = new TrainedTaskBuilder(temp);
        task.Train("2d", TrainedTaskBuilder.WithBlob);
        task.Train("3d_fullres", TrainedTaskBuilder.Reference);

        var result = Finder(task).Run(Request("2d", "3d_fullres") with { DisableEnsembling = true, DisablePostprocessing = true });

        Assert.Equal(["2d", "3d_fullres"], result.Candidates.Select(c => c.Name));
        Assert.Equal("3d_fullres", result.Best.Name);
        Assert.Null(result.Postprocessing);
        Assert.False(File.Exists(Path.Combine(task.TrainerFolder("3d_fullres"), Postprocessing.FileName)));
        Assert.Equal([BestConfigurationFinder.CommandsFileName, BestConfigurationFinder.SummaryFileName],
            Directory.EnumerateFileSystemEntries(task.Paths.EnsemblesFolder(TrainedTaskBuilder.Task)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void MissingProbabilitiesSkipTheEnsembleWithoutStrictAndFailWithIt()
    {
        var task = new TrainedTaskBuilder(temp);
        task.Train("2d", TrainedTaskBuilder.MissingLeft);
        task.Train("3d_fullres", TrainedTaskBuilder.MissingRight, probabilities: false);

        var result = Finder(task).Run(Request("2d", "3d_fullres"));
        Assert.Equal(2, result.Candidates.Count);
        Assert.Contains(warnings, w => w.StartsWith("ensemble_2d") && w.Contains("--npz") && w.Contains("case_00.npz"));

        var e = Assert.Throws<InvalidInputException>(() => Finder(task).Run(Request("2d", "3d_fullres") with { Strict = true }));
        Assert.Contains("--npz", e.Message);
    }

    [Fact]
    public void UnknownConfigurationIsAnError() =>
        Assert.Throws<InvalidInputException>(() => Finder(new TrainedTaskBuilder(temp)).Run(Request("3d")));
}
