using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Evaluation;

/// <summary>evaluate_folder on label maps with known overlaps, and the errors it gives for unusable folders.</summary>
public sealed class FolderEvaluatorTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    string Reference => temp.Combine("ref");
    string Prediction => temp.Combine("pred");

    /// <summary>Case a: class 1 box of 27 with 9 missed and 3 extra; class 2 exact. Case b: class 2 missed entirely.</summary>
    void WriteCases()
    {
        var a = new LabelVolume(4, 5, 6).Box(1, 0, 3, 0, 3, 0, 3).Box(2, 3, 4, 4, 5, 4, 6);
        var aPred = a.Copy().Box(0, 2, 3, 0, 3, 0, 3).Box(1, 0, 1, 4, 5, 0, 3);
        var b = new LabelVolume(4, 5, 6).Box(1, 1, 2, 1, 2, 1, 5).Box(2, 2, 4, 0, 1, 0, 1);
        var bPred = b.Copy().Box(0, 2, 4, 0, 1, 0, 1);
        Directory.CreateDirectory(Reference);
        Directory.CreateDirectory(Prediction);
        a.Write(Path.Combine(Reference, "a.nii.gz"));
        aPred.Write(Path.Combine(Prediction, "a.nii.gz"));
        b.Write(Path.Combine(Reference, "b.nii.gz"));
        bPred.Write(Path.Combine(Prediction, "b.nii.gz"));
    }

    [Fact]
    public void ScoresKnownOverlapsAndWritesSummaryIntoThePredictionFolder()
    {
        WriteCases();

        var summary = FolderEvaluator.EvaluateFolder(Reference, Prediction, [1, 2], new EvaluationOptions { MaxParallelism = 2 });

        var a = summary.Cases.Single(c => c.Test.EndsWith("a.nii.gz"));
        Assert.Equal(Path.Combine(Reference, "a.nii.gz"), a.Reference);
        Assert.Equal(2.0 * 18 / (2 * 18 + 3 + 9), a.Metrics[1][SegmentationMetrics.Dice], 15);
        Assert.Equal(18.0 / (18 + 3 + 9), a.Metrics[1][SegmentationMetrics.Jaccard], 15);
        Assert.Equal(1.0, a.Metrics[2][SegmentationMetrics.Dice]);
        var b = summary.Cases.Single(c => c.Test.EndsWith("b.nii.gz"));
        Assert.Equal(0.0, b.Metrics[2][SegmentationMetrics.Dice]);
        Assert.Equal(2.0, b.Metrics[2][SegmentationMetrics.FalseNegatives]);
        Assert.Equal((1.0 + 0.0) / 2, summary.MeanDice(2), 15);

        var written = EvaluationSummary.Read(Path.Combine(Prediction, EvaluationSummary.FileName));
        Assert.Equal(summary.ForegroundMeanDice, written.ForegroundMeanDice);
        Assert.Equal(2, written.Cases.Count);
    }

    [Fact]
    public void MissingPredictionIsAnErrorNamingTheCase()
    {
        WriteCases();
        File.Delete(Path.Combine(Prediction, "b.nii.gz"));

        var e = Assert.Throws<InvalidInputException>(() => FolderEvaluator.EvaluateFolder(Reference, Prediction, [1]));

        Assert.Contains("b.nii.gz", e.Message);
        Assert.Contains(Prediction, e.Message);
        Assert.False(File.Exists(Path.Combine(Prediction, EvaluationSummary.FileName)));
    }

    [Fact]
    public void PredictionWithoutReferenceIsAnError()
    {
        WriteCases();
        File.Copy(Path.Combine(Prediction, "b.nii.gz"), Path.Combine(Prediction, "c.nii.gz"));

        var e = Assert.Throws<InvalidInputException>(() => FolderEvaluator.EvaluateFolder(Reference, Prediction, [1]));
        Assert.Contains("c.nii.gz", e.Message);
    }

    [Fact]
    public void ShapeMismatchNamesBothFiles()
    {
        WriteCases();
        new LabelVolume(4, 5, 7).Write(Path.Combine(Prediction, "b.nii.gz"));

        var e = Assert.Throws<InvalidInputException>(() => FolderEvaluator.EvaluateFolder(Reference, Prediction, [1]));

        Assert.Contains(Path.Combine(Prediction, "b.nii.gz"), e.Message);
        Assert.Contains(Path.Combine(Reference, "b.nii.gz"), e.Message);
        Assert.Contains("shape", e.Message);
    }

    [Fact]
    public void SpacingMismatchNamesBothFiles()
    {
        WriteCases();
        new LabelVolume(4, 5, 6).Write(Path.Combine(Prediction, "a.nii.gz"), LabelVolume.Geometry.WithSpacing([2.0, 0.5, 0.8]));

        var e = Assert.Throws<InvalidInputException>(() => FolderEvaluator.EvaluateFolder(Reference, Prediction, [1]));

        Assert.Contains("spacing", e.Message);
        Assert.Contains(Path.Combine(Reference, "a.nii.gz"), e.Message);
    }

    [Fact]
    public void FractionalOrNaNLabelValueIsAnErrorNamingFileAndVoxel()
    {
        WriteCases();
        var bad = new LabelVolume(4, 5, 6);
        bad[1, 2, 3] = float.NaN;
        string path = bad.Write(Path.Combine(Prediction, "a.nii.gz"), dataType: NiftiDataType.Float32);

        var e = Assert.Throws<InvalidInputException>(() => FolderEvaluator.EvaluateFolder(Reference, Prediction, [1]));

        Assert.Contains(path, e.Message);
        Assert.Contains("(z=1, y=2, x=3)", e.Message);
    }

    [Fact]
    public void NoLabelsIsAnError()
    {
        WriteCases();
        Assert.Throws<InvalidInputException>(() => FolderEvaluator.EvaluateFolder(Reference, Prediction, []));
    }
}
