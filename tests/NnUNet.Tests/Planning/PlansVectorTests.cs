using System.Text.Json;
using NnUNet.Core.Planning;
using NnUNet.Tests.TestSupport;
using Xunit.Abstractions;

namespace NnUNet.Tests.Planning;

/// <summary>Every case of plans-vectors.json through our planner: every field of plans_3d and plans_2d must match.</summary>
public sealed class PlansVectorTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(PlansVectors.CaseNames), MemberType = typeof(PlansVectors))]
    public void PlannerReproducesOriginalV1Plans(string name)
    {
        var vector = PlansVectors.Case(name);
        var fingerprint = PlansVectors.Fingerprint(vector);
        var result = ExperimentPlanner.Plan(fingerprint);
        var compare = new FieldComparer(name);

        Compare3D(compare, vector.GetProperty("plans_3d"), result, fingerprint);
        Compare2D(compare, vector.GetProperty("plans_2d"), result.Plans2D, result.Diagnostics);

        // The written files read back to the same plans: same JSON and, field by field, the same answers.
        using var folder = new TempDirectory("plans-vectors");
        result.Write(folder.Path);
        var reread2D = ExperimentPlans.Read(Path.Combine(folder.Path, ExperimentPlans.FileName2D));
        Assert.Equal(result.Plans2D.ToJson(), reread2D.ToJson());
        Compare2D(compare, vector.GetProperty("plans_2d"), reread2D, result.Diagnostics);
        string path3D = Path.Combine(folder.Path, ExperimentPlans.FileName3D);
        Assert.Equal(result.Plans3D != null, File.Exists(path3D));
        if (result.Plans3D != null)
        {
            var reread3D = ExperimentPlans.Read(path3D);
            Assert.Equal(result.Plans3D.ToJson(), reread3D.ToJson());
            Compare3D(compare, vector.GetProperty("plans_3d"), result with { Plans3D = reread3D }, fingerprint);
        }

        output.WriteLine($"{name}: {compare.ExactFloats} floats bit-exact, {compare.InexactFloats.Count} within tolerance");
        foreach (string line in compare.InexactFloats) output.WriteLine("within tolerance, not bit-exact: " + line);
        Assert.True(compare.Mismatches.Count == 0, string.Join("\n", compare.Mismatches));
    }

    static void Compare3D(FieldComparer compare, JsonElement expected, PlanningResult result, DatasetFingerprint fingerprint)
    {
        if (expected.TryGetProperty("error", out var error))
        {
            // The original 3D planner crashes on this input; we must skip 3D with a reason and still plan 2D.
            Assert.Null(result.Plans3D);
            Assert.NotNull(result.Skipped3DReason);
            Assert.Contains("3D configurations skipped", result.Skipped3DReason);
            Assert.Contains("axis 0", result.Skipped3DReason);
            Assert.Equal([Configurations.TwoD], result.AvailableConfigurations);
            Assert.False(string.IsNullOrEmpty(error.GetString()));
            return;
        }
        Assert.True(result.Plans3D != null, $"3D was skipped: {result.Skipped3DReason}");
        Assert.Null(result.Skipped3DReason);
        var plans = result.Plans3D!;
        compare.CommonPlanFields("plans_3d", expected, plans);
        compare.Bool("plans_3d.has_3d_lowres", expected.GetProperty("has_3d_lowres"), plans.HasConfiguration(Configurations.LowRes3D));
        compare.Bool("plans_3d.has_3d_cascade_fullres", expected.GetProperty("has_3d_lowres"), plans.HasConfiguration(Configurations.CascadeFullRes3D));
        Assert.False(plans.HasConfiguration(Configurations.TwoD));

        int i = 0;
        foreach (var stage in expected.GetProperty("stages").EnumerateArray())
        {
            if (i < plans.NumStages)
            {
                string configuration = stage.GetProperty("name").GetString()!;
                Assert.Same(plans.PlansPerStage[i], plans.GetStage(configuration));
                compare.Stage($"plans_3d.stages[{i}]", stage, plans.PlansPerStage[i]);
            }
            i++;
        }
        if (plans.NumStages == 2) Assert.Same(plans.PlansPerStage[1], plans.GetStage(Configurations.CascadeFullRes3D));

        var intermediate = expected.GetProperty("intermediate");
        var diagnostics = result.Diagnostics;
        compare.Doubles("plans_3d.intermediate.median_spacing", intermediate.GetProperty("median_spacing"), diagnostics.MedianSpacing);
        compare.Bool("plans_3d.intermediate.p10_rule_changed_target", intermediate.GetProperty("p10_rule_changed_target"), diagnostics.P10RuleChangedTarget);
        compare.Doubles("plans_3d.intermediate.median_shape_transposed", intermediate.GetProperty("median_shape_transposed"), diagnostics.MedianShapeTransposed3D);
        compare.Int("plans_3d.intermediate.num_classes_passed_to_stage", intermediate.GetProperty("num_classes_passed_to_stage"), fingerprint.AllClasses.Count + 1);
        compare.Int("plans_3d.intermediate.lowres_iterations", intermediate.GetProperty("lowres_iterations"), diagnostics.LowresIterations);
        if (intermediate.TryGetProperty("lowres_rejected_candidate", out var rejected))
        {
            Assert.True(diagnostics.RejectedLowresCandidate != null, "expected a rejected 3d_lowres candidate, got none");
            compare.Stage("plans_3d.intermediate.lowres_rejected_candidate", rejected, diagnostics.RejectedLowresCandidate!);
        }
        else Assert.Null(diagnostics.RejectedLowresCandidate);
    }

    static void Compare2D(FieldComparer compare, JsonElement expected, ExperimentPlans plans, PlanningDiagnostics diagnostics)
    {
        compare.CommonPlanFields("plans_2d", expected, plans);
        Assert.True(plans.IsTwoDimensional);
        compare.Stage("plans_2d.stage", expected.GetProperty("stage"), plans.GetStage(Configurations.TwoD));
        compare.Doubles("plans_2d.intermediate.median_shape_transposed",
            expected.GetProperty("intermediate").GetProperty("median_shape_transposed"), diagnostics.MedianShapeTransposed2D);
    }
}
