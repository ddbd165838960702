using NnUNet.Abstractions;
using NnUNet.Core.Planning;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Planning;

public sealed class ExperimentPlannerTests
{
    static DatasetFingerprint Uniform(int cases, double[] spacing, int[] shape, params string[] modalities) => new()
    {
        Cases = Enumerable.Range(0, cases).Select(i => new CaseFingerprint
        {
            CaseIdentifier = $"case_{i:D3}", Spacing = spacing, ShapeAfterCropping = shape, SizeReduction = 1,
        }).ToArray(),
        Modalities = modalities.Length > 0 ? modalities : ["MRI"],
        AllClasses = [1],
    };

    [Fact]
    public void HugeSingleSliceImagesSkip3DWithAReasonAndStillPlan2D()
    {
        // 1 x 3500 x 2900 at 0.5 mm in-plane (dummy 999 mm slice axis): the shrink loop of v1's 3D planner
        // reaches the 1-voxel axis and drives it to 0, where v1 crashes.
        var result = ExperimentPlanner.Plan(Uniform(20, [999, 0.5, 0.5], [1, 3500, 2900]));
        Assert.Null(result.Plans3D);
        Assert.NotNull(result.Skipped3DReason);
        Assert.StartsWith("3D configurations skipped for this dataset:", result.Skipped3DReason);
        Assert.Contains("axis 0", result.Skipped3DReason);
        Assert.Contains("2d", result.Skipped3DReason);
        Assert.Equal([Configurations.TwoD], result.AvailableConfigurations);

        var stage = result.Plans2D.GetStage(Configurations.TwoD);
        Assert.Equal(2, stage.PatchSize.Count);
        Assert.True(stage.PatchSize[0] < 3500 && stage.PatchSize[1] < 2900, "the 2D patch is shrunk to fit the budget");
        Assert.True(stage.BatchSize >= 1);

        // Writing the result leaves only the 2D plans, removing a stale 3D plans file of an earlier run.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(ExperimentPlans.FileName3D), "{}");
        result.Write(dir.Path);
        Assert.False(File.Exists(dir.Combine(ExperimentPlans.FileName3D)));
        Assert.True(File.Exists(dir.Combine(ExperimentPlans.FileName2D)));
    }

    [Fact]
    public void SmallerSingleSliceImagesKeepV1s3DPlan()
    {
        var result = ExperimentPlanner.Plan(Uniform(10, [999, 1, 1], [1, 300, 200]));
        Assert.NotNull(result.Plans3D);
        Assert.Null(result.Skipped3DReason);
        var stage = result.Plans3D.GetStage(Configurations.FullRes3D);
        Assert.Equal(1, stage.PatchSize[0]);
        Assert.True(stage.DoDummy2DDataAug);
    }

    [Fact]
    public void LargeIsotropicVolumesGetALowresStageAndCascade()
    {
        var result = ExperimentPlanner.Plan(Uniform(20, [1, 1, 1], [400, 400, 400]));
        var plans = result.Plans3D!;
        Assert.Equal(2, plans.NumStages);
        Assert.Equal(["2d", "3d_lowres", "3d_fullres", "3d_cascade_fullres"], result.AvailableConfigurations);
        Assert.Same(plans.PlansPerStage[0], plans.GetStage("3d_lowres"));
        Assert.Same(plans.PlansPerStage[1], plans.GetStage("3d_fullres"));
        Assert.Same(plans.PlansPerStage[1], plans.GetStage("3d_cascade_fullres"));
        var lowres = plans.GetStage("3d_lowres");
        // spec §4.7: the lowres stage at least halves the median voxels and keeps the fullres spacing as original
        Assert.True(2L * lowres.MedianPatientSizeInVoxels.Aggregate(1L, (a, b) => a * b) < 400L * 400 * 400);
        Assert.Equal(plans.GetStage("3d_fullres").CurrentSpacing, lowres.OriginalSpacing);
        Assert.True(lowres.CurrentSpacing[0] > 1);
        Assert.True(result.Diagnostics.LowresIterations > 0);
    }

    [Fact]
    public void MissingConfigurationsAreClearErrors()
    {
        var result = ExperimentPlanner.Plan(Uniform(10, [1, 1, 1], [64, 64, 64]));
        var plans = result.Plans3D!;
        Assert.Equal(1, plans.NumStages);
        Assert.Contains("no 3d_lowres stage", Assert.Throws<InvalidInputException>(() => plans.GetStage("3d_lowres")).Message);
        Assert.Contains("no 3d_lowres stage", Assert.Throws<InvalidInputException>(() => plans.GetStage("3d_cascade_fullres")).Message);
        Assert.Contains("3D plans", Assert.Throws<InvalidInputException>(() => plans.GetStage("2d")).Message);
        Assert.Contains("2D plans", Assert.Throws<InvalidInputException>(() => result.Plans2D.GetStage("3d_fullres")).Message);
        Assert.Contains("unknown configuration", Assert.Throws<InvalidInputException>(() => plans.GetStage("3d")).Message);
    }

    [Fact]
    public void UnplannableFingerprintIsAnInputError()
    {
        var noCases = Uniform(0, [1, 1, 1], [10, 10, 10]);
        Assert.Contains("no training cases", Assert.Throws<InvalidInputException>(() => ExperimentPlanner.Plan(noCases)).Message);
        var nanSpacing = Uniform(3, [double.NaN, 1, 1], [10, 10, 10]);
        Assert.Contains("spacing", Assert.Throws<InvalidInputException>(() => ExperimentPlanner.Plan(nanSpacing)).Message);
    }
}
