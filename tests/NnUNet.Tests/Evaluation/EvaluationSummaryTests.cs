using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Tests.TestSupport;
using M = NnUNet.Core.Evaluation.SegmentationMetrics;

namespace NnUNet.Tests.Evaluation;

/// <summary>summary.json in v1's layout: nanmeans, the foreground mean, sorted keys, NaN round trips, v1 files readable.</summary>
public class EvaluationSummaryTests
{
    static EvaluationSummary TwoCases()
    {
        int[] labels = [0, 1, 2];
        // Case a: label 2 absent from both (Dice NaN); case b: label 2 half found.
        var a = CaseScores.FromCounts("p/a.nii.gz", "r/a.nii.gz", labels,
            [new(90, 2, 0, 8), new(8, 0, 2, 90), new(0, 0, 0, 100)]);
        var b = CaseScores.FromCounts("p/b.nii.gz", "r/b.nii.gz", labels,
            [new(80, 0, 10, 10), new(4, 4, 0, 92), new(2, 0, 2, 96)]);
        return new EvaluationSummary(labels, [a, b]);
    }

    [Fact]
    public void MeansSkipNaNCasesAndTheForegroundMeanSkipsBackground()
    {
        var summary = TwoCases();

        double dice1 = (16.0 / 18 + 8.0 / 12) / 2, dice2 = 4.0 / 6; // case a's NaN does not count
        Assert.Equal(dice1, summary.MeanDice(1), 15);
        Assert.Equal(dice2, summary.MeanDice(2), 15);
        Assert.Equal((dice1 + dice2) / 2, summary.ForegroundMeanDice, 15);
        // Precision: label 1 (1 + 0.5) / 2; label 2 is NaN in case a (nothing predicted), 1 in case b.
        Assert.Equal(((1.0 + 0.5) / 2 + 1.0) / 2, summary.ForegroundMean[M.Precision], 15);
    }

    [Fact]
    public void AllNaNMeanIsNaN() => Assert.True(double.IsNaN(EvaluationSummary.NanMean([double.NaN, double.NaN])));

    [Fact]
    public void WrittenInV1LayoutWithSortedKeysAndReadBack()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("summary.json");
        var summary = TwoCases();
        summary.Task = "Task501_Test";
        summary.Write(path);

        using (var json = JsonDocument.Parse(File.ReadAllText(path)))
        {
            var root = json.RootElement;
            Assert.Equal(["author", "description", "id", "name", "results", "task", "timestamp"], root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(12, root.GetProperty("id").GetString()!.Length);
            var first = root.GetProperty("results").GetProperty("all")[0];
            Assert.Equal(["0", "1", "2", "reference", "test"], first.EnumerateObject().Select(p => p.Name));
            Assert.Equal("p/a.nii.gz", first.GetProperty("test").GetString());
            Assert.Equal("NaN", first.GetProperty("2").GetProperty(M.Dice).GetString());
            var names = first.GetProperty("1").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
            Assert.Equal(["0", "1", "2", "mean"], root.GetProperty("results").GetProperty("mean").EnumerateObject().Select(p => p.Name));
        }

        var read = EvaluationSummary.Read(path);
        Assert.Equal([0, 1, 2], read.Labels);
        Assert.Equal("Task501_Test", read.Task);
        Assert.Equal(summary.ForegroundMeanDice, read.ForegroundMeanDice);
        Assert.True(double.IsNaN(read.Cases[0].Metrics[2][M.Dice]));
        Assert.Equal(summary.Cases[1].Metrics[1][M.Recall], read.Cases[1].Metrics[1][M.Recall]);
    }

    [Fact]
    public void ReadsV1FilesWithBareNaNAndWithoutAForegroundMean()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("summary.json");
        File.WriteAllText(path, """
            {"author": "Fabian", "id": "abc", "results": {"all": [{"1": {"Dice": NaN}, "2": {"Dice": 0.5},
             "reference": "r.nii.gz", "test": "t.nii.gz"}], "mean": {"1": {"Dice": NaN}, "2": {"Dice": 0.5}}}}
            """);

        var summary = EvaluationSummary.Read(path);

        Assert.True(double.IsNaN(summary.MeanDice(1)));
        Assert.Equal(0.5, summary.ForegroundMeanDice);
    }

    [Fact]
    public void MalformedFileNamesIt()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("summary.json");
        File.WriteAllText(path, """{"results": {"all": []}}""");

        var e = Assert.Throws<InvalidInputException>(() => EvaluationSummary.Read(path));
        Assert.Contains(path, e.Message);
    }
}
