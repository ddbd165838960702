using System.Text.Json;
using NnUNet.Core.Planning;

namespace NnUNet.Tests.Planning;

/// <summary>
/// Compares our values with a vector's JSON field by field and collects every mismatch as
/// "case: path expected X got Y". Integers, booleans and strings must be equal; floats equal or within
/// 1e-12 relative (the vectors' stated tolerance), and inexact-but-tolerated floats are counted.
/// </summary>
public sealed class FieldComparer(string caseName)
{
    const double RelativeTolerance = 1e-12;

    public List<string> Mismatches { get; } = [];
    public List<string> InexactFloats { get; } = [];
    public int ExactFloats { get; private set; }

    void Fail(string path, object expected, object actual) =>
        Mismatches.Add($"{caseName}: {path} expected {expected} got {actual}");

    public void Int(string path, JsonElement expected, long actual)
    {
        if (expected.GetInt64() != actual) Fail(path, expected.GetInt64(), actual);
    }

    public void Bool(string path, JsonElement expected, bool actual)
    {
        if (expected.GetBoolean() != actual) Fail(path, expected.GetBoolean(), actual);
    }

    public void String(string path, JsonElement expected, string actual)
    {
        if (expected.GetString() != actual) Fail(path, expected.GetString()!, actual);
    }

    public void Double(string path, JsonElement expected, double actual)
    {
        double e = expected.GetDouble();
        if (e == actual)
        {
            ExactFloats++;
            return;
        }
        if (Math.Abs(e - actual) <= RelativeTolerance * Math.Abs(e)) InexactFloats.Add($"{caseName}: {path} expected {e:R} got {actual:R}");
        else Fail(path, e.ToString("R"), actual.ToString("R"));
    }

    public void Ints(string path, JsonElement expected, IReadOnlyList<int> actual) =>
        List(path, expected, actual, (p, e, a) => Int(p, e, a));

    public void Bools(string path, JsonElement expected, IReadOnlyList<bool> actual) =>
        List(path, expected, actual, Bool);

    public void Strings(string path, JsonElement expected, IReadOnlyList<string> actual) =>
        List(path, expected, actual, String);

    public void Doubles(string path, JsonElement expected, IReadOnlyList<double> actual) =>
        List(path, expected, actual, Double);

    public void IntMatrix(string path, JsonElement expected, IReadOnlyList<IReadOnlyList<int>> actual) =>
        List(path, expected, actual, Ints);

    void List<T>(string path, JsonElement expected, IReadOnlyList<T> actual, Action<string, JsonElement, T> item)
    {
        int n = expected.GetArrayLength();
        if (n != actual.Count)
        {
            Fail($"{path}.length", n, actual.Count);
            return;
        }
        int i = 0;
        foreach (var e in expected.EnumerateArray()) item($"{path}[{i}]", e, actual[i++]);
    }

    /// <summary>Every field of a v1 stage plan.</summary>
    public void Stage(string path, JsonElement expected, StagePlan actual)
    {
        Int($"{path}.batch_size", expected.GetProperty("batch_size"), actual.BatchSize);
        Ints($"{path}.num_pool_per_axis", expected.GetProperty("num_pool_per_axis"), actual.NumPoolPerAxis);
        Ints($"{path}.patch_size", expected.GetProperty("patch_size"), actual.PatchSize);
        Ints($"{path}.median_patient_size_in_voxels", expected.GetProperty("median_patient_size_in_voxels"), actual.MedianPatientSizeInVoxels);
        Doubles($"{path}.current_spacing", expected.GetProperty("current_spacing"), actual.CurrentSpacing);
        Doubles($"{path}.original_spacing", expected.GetProperty("original_spacing"), actual.OriginalSpacing);
        Bool($"{path}.do_dummy_2D_data_aug", expected.GetProperty("do_dummy_2D_data_aug"), actual.DoDummy2DDataAug);
        IntMatrix($"{path}.pool_op_kernel_sizes", expected.GetProperty("pool_op_kernel_sizes"), actual.PoolOpKernelSizes);
        IntMatrix($"{path}.conv_kernel_sizes", expected.GetProperty("conv_kernel_sizes"), actual.ConvKernelSizes);
    }

    /// <summary>The fields plans_3d and plans_2d share.</summary>
    public void CommonPlanFields(string path, JsonElement expected, ExperimentPlans actual)
    {
        Doubles($"{path}.target_spacing", expected.GetProperty("target_spacing"), actual.TargetSpacing);
        Ints($"{path}.transpose_forward", expected.GetProperty("transpose_forward"), actual.TransposeForward);
        Ints($"{path}.transpose_backward", expected.GetProperty("transpose_backward"), actual.TransposeBackward);
        Int($"{path}.num_stages", expected.GetProperty("num_stages"), actual.NumStages);
        Strings($"{path}.normalization_schemes", expected.GetProperty("normalization_schemes"), actual.NormalizationSchemes);
        Bools($"{path}.use_mask_for_norm", expected.GetProperty("use_mask_for_norm"), actual.UseMaskForNorm);
        Int($"{path}.num_modalities", expected.GetProperty("num_modalities"), actual.NumModalities);
        Int($"{path}.plans_num_classes", expected.GetProperty("plans_num_classes"), actual.NumClasses);
        Int($"{path}.base_num_features", expected.GetProperty("base_num_features"), actual.BaseNumFeatures);
        String($"{path}.data_identifier", expected.GetProperty("data_identifier"), actual.DataIdentifier);
        if (expected.TryGetProperty("conv_per_stage", out var cps)) Int($"{path}.conv_per_stage", cps, actual.ConvPerStage);
    }
}
