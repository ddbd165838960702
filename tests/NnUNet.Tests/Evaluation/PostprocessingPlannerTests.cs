using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Evaluation;

/// <summary>determine_postprocessing decisions (spec §9) on crafted cases whose Dice follow from the box sizes.</summary>
public sealed class PostprocessingPlannerTests : IDisposable
{
    const string Raw = "validation_raw", Final = "validation_raw_postprocessed";
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    string Base => temp.Combine("fold_0");
    string References => temp.Combine("gt_niftis");

    static LabelVolume Empty() => new(4, 12, 12);

    /// <summary>Writes the cases, scores validation_raw with background included (as validation does), then decides.</summary>
    PostprocessingDetermination Determine(params (string Id, LabelVolume Reference, LabelVolume Prediction)[] cases)
    {
        int[] labels = [0, .. cases.SelectMany(c => c.Reference.Data.Concat(c.Prediction.Data)).Where(v => v > 0).Distinct().Order().Select(v => (int)v)];
        Directory.CreateDirectory(References);
        Directory.CreateDirectory(Path.Combine(Base, Raw));
        foreach (var (id, reference, prediction) in cases)
        {
            reference.Write(Path.Combine(References, id + ".nii.gz"));
            prediction.Write(Path.Combine(Base, Raw, id + ".nii.gz"));
        }
        FolderEvaluator.EvaluateFolder(References, Path.Combine(Base, Raw), labels);
        return PostprocessingPlanner.Determine(Base, References, Raw, Final, new EvaluationOptions { MaxParallelism = 2 });
    }

    static double Dice(long tp, long fp, long fn) => 2.0 * tp / (2 * tp + fp + fn);

    [Fact]
    public void MergedForegroundAcceptedThenAClassOnTop()
    {
        // Case a: class 1 box A (32) touching class 2 box B (24); predicted with a class-1 blob C (4) touching B and a
        // far class-2 blob D (4). Case b: only A, predicted with a far class-1 blob (4).
        var aRef = Empty().Box(1, 0, 2, 0, 4, 0, 4).Box(2, 0, 2, 0, 4, 4, 7);
        var aPred = aRef.Copy().Box(1, 0, 1, 0, 2, 7, 9).Box(2, 3, 4, 10, 12, 10, 12);
        var bRef = Empty().Box(1, 0, 2, 0, 4, 0, 4);
        var bPred = bRef.Copy().Box(1, 3, 4, 10, 12, 10, 12);

        var d = Determine(("a", aRef, aPred), ("b", bRef, bPred));

        Assert.Equal("[[1, 2], 1]", d.Postprocessing.ToString());
        Assert.Equal(Dice(32, 4, 0), d.DicePerClassRaw[1], 12);
        Assert.Equal(Dice(24, 4, 0), d.DicePerClassRaw[2], 12); // case b has no class 2 anywhere: NaN, not counted
        Assert.Equal((Dice(32, 4, 0) + 1) / 2, d.DicePerClassAllMerged[1], 12);
        Assert.Equal(1.0, d.DicePerClassAllMerged[2]);
        Assert.Equal(1.0, d.DicePerClassPerClass[1]);
        Assert.Equal(2, d.NumSamples);

        // The final folder holds exactly the references now, and its summary says so.
        foreach (string id in new[] { "a", "b" })
            Assert.Equal(NiftiReader.Read(Path.Combine(References, id + ".nii.gz")).Data, NiftiReader.Read(Path.Combine(Base, Final, id + ".nii.gz")).Data);
        var final = EvaluationSummary.Read(Path.Combine(Base, Final, EvaluationSummary.FileName));
        Assert.Equal([1, 2], final.Labels);
        Assert.Equal(1.0, final.ForegroundMeanDice);
        Assert.Equal(Path.Combine(Base, Final, "a.nii.gz"), final.Cases[0].Test);
    }

    [Fact]
    public void MergedForegroundRejectedWhenAClassGetsWorsePerClassStillAccepted()
    {
        // Class 1 box (32) and a smaller, separate class 2 box (18): the merged step would delete class 2.
        var reference = Empty().Box(1, 0, 2, 0, 4, 0, 4).Box(2, 2, 4, 8, 11, 8, 11);
        var prediction = reference.Copy().Box(1, 0, 1, 10, 12, 0, 2);

        var d = Determine(("a", reference, prediction));

        Assert.Equal("[1]", d.Postprocessing.ToString());
        Assert.Equal(0.0, d.DicePerClassAllMerged[2]);
        Assert.Equal(1.0, d.DicePerClassAllMerged[1]);
        Assert.Equal(1.0, d.DicePerClassPerClass[1]); // per class starts from the raw predictions
        Assert.Equal(1.0, d.DicePerClassPerClass[2]);
        var final = NiftiReader.Read(Path.Combine(Base, Final, "a.nii.gz"));
        Assert.Equal(reference.Data, final.Data);
    }

    [Fact]
    public void NothingIsAcceptedWhenNothingImproves()
    {
        // Class 1 predicted as two pieces where the reference has them too: keeping the larger would hurt.
        var reference = Empty().Box(1, 0, 2, 0, 4, 0, 4).Box(1, 3, 4, 10, 12, 10, 12).Box(2, 2, 3, 5, 7, 5, 7);
        var prediction = reference.Copy().Box(2, 2, 3, 7, 8, 5, 7);

        var d = Determine(("a", reference, prediction), ("b", reference, reference));

        Assert.Empty(d.Postprocessing.Steps);
        Assert.Equal(d.DicePerClassRaw[2], d.DicePerClassPerClass[2]);
        Assert.True(d.DicePerClassAllMerged[1] < d.DicePerClassRaw[1]);
        Assert.Equal(prediction.Data, NiftiReader.Read(Path.Combine(Base, Final, "a.nii.gz")).Data);
    }

    [Fact]
    public void SingleClassDecidesOnlyTheMergedStepAndWritesV1Keys()
    {
        var reference = Empty().Box(1, 0, 2, 0, 4, 0, 4);
        var prediction = reference.Copy().Box(1, 3, 4, 10, 12, 10, 12);

        var d = Determine(("a", reference, prediction));

        Assert.Equal("[[1]]", d.Postprocessing.ToString());
        Assert.Empty(d.DicePerClassPerClass);
        string path = Path.Combine(Base, Postprocessing.FileName);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(["dc_per_class_pp_all", "dc_per_class_pp_per_class", "dc_per_class_raw", "for_which_classes",
                      "min_valid_object_sizes", "num_samples", "validation_final", "validation_raw"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("None", json.RootElement.GetProperty("min_valid_object_sizes").GetString());
        Assert.Equal(Raw, json.RootElement.GetProperty("validation_raw").GetString());
        Assert.Equal(Final, json.RootElement.GetProperty("validation_final").GetString());
        Assert.Equal(d.Postprocessing.ToString(), Postprocessing.Load(path).ToString());
    }

    [Fact]
    public void FinalSummaryEqualsScoringTheWrittenFolder()
    {
        var random = new Random(7);
        var cases = Enumerable.Range(0, 4).Select(i =>
        {
            var reference = Empty().Box(1, 0, 3, 0, 6, 0, 6).Box(2, 1, 3, 6, 9, 2, 5).Box(3, 3, 4, 9, 12, 9, 12);
            var prediction = reference.Copy();
            for (int k = 0; k < 40; k++) prediction.Data[random.Next(prediction.Data.Length)] = random.Next(0, 4);
            return ($"case{i}", reference, prediction);
        }).ToArray();

        var d = Determine(cases);

        var written = EvaluationSummary.Read(Path.Combine(Base, Final, EvaluationSummary.FileName));
        var rescored = FolderEvaluator.EvaluatePairs(
            cases.Select(c => (Path.Combine(Base, Final, c.Item1 + ".nii.gz"), Path.Combine(References, c.Item1 + ".nii.gz"))).ToList(), [1, 2, 3]);
        foreach (int label in new[] { 1, 2, 3 })
            foreach (string metric in SegmentationMetrics.Names)
                Assert.Equal(rescored.Mean[label][metric], written.Mean[label][metric], 12);
        Assert.NotEmpty(d.Postprocessing.Steps); // the scattered voxels make some step worthwhile
    }

    [Fact]
    public void MissingRawSummaryIsAnError()
    {
        Directory.CreateDirectory(Path.Combine(Base, Raw));
        var e = Assert.Throws<InvalidInputException>(() => PostprocessingPlanner.Determine(Base, References, Raw, Final));
        Assert.Contains(EvaluationSummary.FileName, e.Message);
    }
}
