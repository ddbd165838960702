using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Evaluation;

/// <summary>consolidate_folds on synthetic trainer folders: gathering, references, and the errors for incomplete folds.</summary>
public sealed class FoldConsolidationTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void GathersEveryFoldCopiesReferencesAndScoresTheCrossValidation()
    {
        var task = new TrainedTaskBuilder(temp);
        string folder = task.Train("3d_fullres", i => i == 2 ? TrainedTaskBuilder.WithBlob(i) : TrainedTaskBuilder.Reference(i));

        var summary = FoldConsolidation.Consolidate(folder, task.GtSegmentations, FoldConsolidation.DefaultFolds);

        string raw = Path.Combine(folder, FoldConsolidation.CrossValidationRawFolderName);
        Assert.Equal(Enumerable.Range(0, 5).Select(TrainedTaskBuilder.CaseFile), FolderEvaluator.ListCases(raw, "raw"));
        Assert.Equal(5, FolderEvaluator.ListCases(Path.Combine(folder, FoldConsolidation.ReferenceFolderName), "gt").Count);
        Assert.Equal([0, 1, 2], summary.Labels); // those of fold 0's summary
        Assert.True(File.Exists(Path.Combine(raw, EvaluationSummary.FileName)));
        Assert.Equal(1.0, summary.MeanDice(2));
        Assert.True(summary.MeanDice(1) < 1.0);
        Assert.Empty(Directory.EnumerateDirectories(Path.GetDirectoryName(folder)!, "*partial*"));
    }

    [Fact]
    public void MissingFoldIsAnErrorNamingIt()
    {
        var task = new TrainedTaskBuilder(temp);
        string folder = task.Train("2d", TrainedTaskBuilder.Reference, folds: [0, 1, 2, 4]);

        var e = Assert.Throws<InvalidInputException>(() => FoldConsolidation.Consolidate(folder, task.GtSegmentations, FoldConsolidation.DefaultFolds));

        Assert.Contains(FoldConsolidation.FoldFolder(folder, 3), e.Message);
    }

    [Fact]
    public void UnfinishedValidationIsAnError()
    {
        var task = new TrainedTaskBuilder(temp);
        string folder = task.Train("2d", TrainedTaskBuilder.Reference);
        File.Delete(Path.Combine(FoldConsolidation.FoldFolder(folder, 1), "validation_raw", EvaluationSummary.FileName));

        var e = Assert.Throws<InvalidInputException>(() => FoldConsolidation.Consolidate(folder, task.GtSegmentations, FoldConsolidation.DefaultFolds));

        Assert.Contains("fold_1", e.Message);
        Assert.Contains("summary.json", e.Message);
    }

    [Fact]
    public void CaseWithoutValidationPredictionIsAnErrorNamingIt()
    {
        var task = new TrainedTaskBuilder(temp);
        string folder = task.Train("2d", TrainedTaskBuilder.Reference);
        File.Delete(Path.Combine(FoldConsolidation.FoldFolder(folder, 4), "validation_raw", TrainedTaskBuilder.CaseFile(4)));

        var e = Assert.Throws<InvalidInputException>(() => FoldConsolidation.Consolidate(folder, task.GtSegmentations, FoldConsolidation.DefaultFolds));

        Assert.Contains(TrainedTaskBuilder.CaseFile(4), e.Message);
        Assert.False(Directory.Exists(Path.Combine(folder, FoldConsolidation.CrossValidationRawFolderName)));
    }

    [Fact]
    public void CaseValidatedByTwoFoldsIsAnError()
    {
        var task = new TrainedTaskBuilder(temp);
        string folder = task.Train("2d", TrainedTaskBuilder.Reference);
        File.Copy(Path.Combine(FoldConsolidation.FoldFolder(folder, 0), "validation_raw", TrainedTaskBuilder.CaseFile(0)),
            Path.Combine(FoldConsolidation.FoldFolder(folder, 3), "validation_raw", TrainedTaskBuilder.CaseFile(0)));

        var e = Assert.Throws<InvalidInputException>(() => FoldConsolidation.Consolidate(folder, task.GtSegmentations, FoldConsolidation.DefaultFolds));

        Assert.Contains("twice", e.Message);
    }
}
