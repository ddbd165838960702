using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Tests.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Inference;

/// <summary>The cascade input on the stage grid (crop, transpose, label resampling) and its one-hot channels.</summary>
public class CascadeInputTests
{
    [Fact]
    public void ReferenceOnTheStageGridIsTheStoredSegmentationAlsoWithASeparateZAxis()
    {
        // z 4 mm vs 1 mm in-plane: separate z (nearest along z, linear per label in-plane), resampled along every axis.
        using var temp = new TempDirectory();
        var task = new PreprocessingTaskBuilder(temp).WithCases(2, [8, 24, 20], _ => [4.0, 1.0, 1.0], "MR");
        var dataset = DatasetDescription.Read(task.Folder);
        var plans = ExperimentPlanner.Plan(FingerprintExtractor.Extract(dataset, threads: 1)).Plans3D!;
        plans = plans with { PlansPerStage = [plans.PlansPerStage[^1] with { CurrentSpacing = [3.0, 0.8, 0.7] }] };
        string folder = temp.Combine("stage");
        PlanAndPreprocess.PreprocessStage(dataset, plans, 0, folder, threads: 1);
        foreach (var c in dataset.Training)
        {
            using var stored = PreprocessedCase.Open(folder, c.Id);
            var reference = NiftiReader.Read(c.Label!);
            Assert.NotEqual(reference.Shape, stored.Shape.ToArray());
            var onGrid = CascadeInput.ToStageGrid(reference.Data, reference.Shape, stored.Properties, plans.TransposeForward, c.Label!);
            Assert.Equal(stored.ReadSegmentation().Select(v => Math.Max(v, 0)), onGrid);
        }
    }

    [Fact]
    public void ASegmentationOfAnotherShapeIsAnErrorNamingTheFile()
    {
        using var temp = new TempDirectory();
        var task = new PreprocessingTaskBuilder(temp).WithCases(1, [6, 10, 10], _ => [1.0, 1.0, 1.0], "MR");
        var c = DatasetDescription.Read(task.Folder).Training[0];
        var plans = ExperimentPlanner.Plan(FingerprintExtractor.Extract(DatasetDescription.Read(task.Folder), threads: 1)).Plans3D!;
        var properties = CasePreprocessor.Preprocess(NonzeroCropper.Crop(RawCase.Read(c)), plans, 0).Properties;
        var e = Assert.Throws<InvalidInputException>(() => CascadeInput.ToStageGrid(new float[5 * 10 * 10], [5, 10, 10], properties, plans.TransposeForward, "lowres/x.nii.gz"));
        Assert.StartsWith("lowres/x.nii.gz: shape 5x10x10 differs", e.Message);
    }

    [Fact]
    public void OneHotHasAChannelPerForegroundLabelAfterTheImage()
    {
        float[] labels = [0, 1, 2, 2, 0, 1];
        float[] image = [10, 11, 12, 13, 14, 15];
        var data = CascadeInput.Append(image, 1, labels, numClasses: 3);
        Assert.Equal(2, CascadeInput.Channels(3));
        Assert.Equal([10, 11, 12, 13, 14, 15, /* label 1 */ 0, 1, 0, 0, 0, 1, /* label 2 */ 0, 0, 1, 1, 0, 0], data);
    }
}
