using NnUNet.Core.Evaluation;
using NnUNet.Tests.Evaluation;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>evaluate_folder, determine_postprocessing and find_best_configuration as a user runs them.</summary>
public sealed class EvaluationCommandsTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void EvaluateFolderPrintsMeansAndWritesSummary()
    {
        string reference = temp.Combine("ref"), prediction = temp.Combine("pred");
        Directory.CreateDirectory(reference);
        Directory.CreateDirectory(prediction);
        TrainedTaskBuilder.Reference(0).Write(Path.Combine(reference, "a.nii.gz"));
        TrainedTaskBuilder.MissingLeft(0).Write(Path.Combine(prediction, "a.nii.gz"));

        var result = BuiltHost.Run(null, "evaluate_folder", "-ref", reference, "-pred", prediction, "-l", "1", "2", "--quiet");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith("2 ") && l.Contains("1.0000"));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("foreground mean"));
        var summary = EvaluationSummary.Read(Path.Combine(prediction, EvaluationSummary.FileName));
        Assert.Equal([1, 2], summary.Labels);
    }

    [Fact]
    public void EvaluateFolderWithAMissingPredictionFailsWithOneLine()
    {
        string reference = temp.Combine("ref"), prediction = temp.Combine("pred");
        Directory.CreateDirectory(reference);
        Directory.CreateDirectory(prediction);
        TrainedTaskBuilder.Reference(0).Write(Path.Combine(reference, "a.nii.gz"));

        var result = BuiltHost.Run(null, "evaluate_folder", "-ref", reference, "-pred", prediction, "-l", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Contains("a.nii.gz", result.Stderr);
    }

    [Fact]
    public void EnsembleCommandAppliesAPostprocessingFile()
    {
        // Two validation folders with probabilities (from the model-selection fixtures) and a postprocessing.json.
        var task = new TrainedTaskBuilder(temp);
        string a = task.Train("2d", TrainedTaskBuilder.WithBlob), b = task.Train("3d_fullres", TrainedTaskBuilder.WithBlob);
        string ppFile = temp.Combine(Postprocessing.FileName);
        File.WriteAllText(ppFile, """{"for_which_classes": [[1, 2]], "min_valid_object_sizes": "None"}""");
        string folderA = Path.Combine(FoldConsolidation.FoldFolder(a, 0), "validation_raw"), folderB = Path.Combine(FoldConsolidation.FoldFolder(b, 0), "validation_raw");

        var result = BuiltHost.Run(null, "ensemble", "-f", folderA, folderB, "-o", temp.Combine("out"), "-pp", ppFile, "--quiet");

        Assert.True(result.ExitCode == 0, result.ToString());
        string file = TrainedTaskBuilder.CaseFile(0);
        Assert.Equal(TrainedTaskBuilder.WithBlob(0).Data, Core.Imaging.NiftiReader.Read(temp.Combine("out", "not_postprocessed", file)).Data);
        Assert.Equal(TrainedTaskBuilder.Reference(0).Data, Core.Imaging.NiftiReader.Read(temp.Combine("out", file)).Data);
    }

    [Fact]
    public void DeterminePostprocessingConsolidatesAndPrintsTheDecision()
    {
        var task = new TrainedTaskBuilder(temp);
        string folder = task.Train("3d_fullres", TrainedTaskBuilder.WithBlob);

        var result = BuiltHost.Run(null, "determine_postprocessing", "-m", "3d_fullres", "-t", "501",
            "--results", task.Paths.ResultsRoot!, "--preprocessed", task.Paths.PreprocessedRoot!, "--quiet");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("for_which_classes: [[1, 2]]", result.Stdout);
        Assert.Equal("[[1, 2]]", Postprocessing.Load(Path.Combine(folder, Postprocessing.FileName)).ToString());
        Assert.True(File.Exists(Path.Combine(folder, FoldConsolidation.CrossValidationPostprocessedFolderName, TrainedTaskBuilder.CaseFile(3))));
    }

    [Fact]
    public void FindBestConfigurationWarnsWithoutStrictAndFailsWithIt()
    {
        var task = new TrainedTaskBuilder(temp);
        task.Train("2d", TrainedTaskBuilder.MissingLeft);
        task.Train("3d_fullres", TrainedTaskBuilder.Reference);
        string[] folders = ["--results", task.Paths.ResultsRoot!, "--preprocessed", task.Paths.PreprocessedRoot!, "--quiet"];

        var lenient = BuiltHost.Run(null, ["find_best_configuration", "-m", "2d", "3d_fullres", "3d_lowres", "-t", "501", .. folders]);

        Assert.True(lenient.ExitCode == 0, lenient.ToString());
        Assert.Contains(lenient.StderrLines, l => l.StartsWith("warning: 3d_lowres skipped"));
        Assert.Contains(lenient.StdoutLines, l => l.StartsWith("best: 3d_fullres"));
        Assert.Contains(lenient.StdoutLines, l => l.Trim().StartsWith("nnunet predict -i FOLDER_WITH_TEST_CASES -o OUTPUT_FOLDER -t Task501_Test -m 3d_fullres"));
        Assert.True(File.Exists(Path.Combine(task.Paths.EnsemblesFolder(TrainedTaskBuilder.Task), BestConfigurationFinder.CommandsFileName)));

        var strict = BuiltHost.Run(null, ["find_best_configuration", "-m", "2d", "3d_lowres", "-t", "501", "--strict", .. folders]);

        Assert.Equal(1, strict.ExitCode);
        Assert.Single(strict.StderrLines);
        Assert.Contains("3d_lowres", strict.Stderr);
    }
}
