using System.Text.Json;
using NnUNet.Core.Imaging;
using Xunit.Abstractions;

namespace NnUNet.Tests.Imaging;

/// <summary>
/// Agreement with the original v1 resampling functions on the known-answer vectors: images within 1e-4
/// (reported in float32 ulps too), segmentations exactly, plus the plan (new shape, separate-z decision) of
/// resample_patient.
/// </summary>
public class ResamplingVectorTests(ITestOutputHelper output)
{
    const double ImageTolerance = 1e-4;

    public static TheoryData<string> DataOrSegCases() => Cases("resample_data_or_seg");

    public static TheoryData<string> PatientCases() => Cases("resample_patient");

    [Theory]
    [MemberData(nameof(DataOrSegCases))]
    public void ResampleDataOrSegMatchesOriginal(string file)
    {
        var vector = ResamplingVectorCase.Load(file);
        var args = vector.Args;
        int channels = vector.InputShape[0];
        var input = ToFloats(vector.Array("input", vector.InputShape));
        var newShape = ResamplingVectorCase.Ints(args.GetProperty("new_shape"));
        bool isSegmentation = args.GetProperty("is_seg").GetBoolean();
        int? axis = null;
        if (args.GetProperty("do_separate_z").GetBoolean())
        {
            var axes = ResamplingVectorCase.Ints(args.GetProperty("axis"));
            Assert.Single(axes);
            axis = axes[0];
        }
        var scheme = new ResamplingScheme(isSegmentation,
            (InterpolationOrder)args.GetProperty("order").GetInt32(), (InterpolationOrder)args.GetProperty("order_z").GetInt32());

        var result = Resampler.Resample(input, channels, vector.InputShape[1..], newShape, scheme, axis);

        Assert.Equal(vector.OutputShape[1..], newShape);
        Compare(file, vector.Array("output", vector.OutputShape), result, isSegmentation);
    }

    [Theory]
    [MemberData(nameof(PatientCases))]
    public void ResamplePatientMatchesOriginal(string file)
    {
        var vector = ResamplingVectorCase.Load(file);
        var args = vector.Args;
        var original = ResamplingVectorCase.Doubles(args.GetProperty("original_spacing"));
        var target = ResamplingVectorCase.Doubles(args.GetProperty("target_spacing"));
        double threshold = args.GetProperty("separate_z_anisotropy_threshold").GetDouble();
        var force = args.GetProperty("force_separate_z");
        var options = new ResamplingOptions
        {
            DataScheme = new ResamplingScheme(false, (InterpolationOrder)args.GetProperty("order_data").GetInt32(),
                (InterpolationOrder)args.GetProperty("order_z_data").GetInt32()),
            SegmentationScheme = new ResamplingScheme(true, (InterpolationOrder)args.GetProperty("order_seg").GetInt32(),
                (InterpolationOrder)args.GetProperty("order_z_seg").GetInt32()),
            ForceSeparateZ = force.ValueKind == JsonValueKind.Null ? null : force.GetBoolean(),
            AnisotropyThreshold = threshold,
        };
        var helpers = vector.Root.GetProperty("decision_helpers");
        Assert.Equal(helpers.GetProperty("get_do_separate_z(original)").GetBoolean(), ResamplingPlan.IsAnisotropic(original, threshold));
        Assert.Equal(helpers.GetProperty("get_do_separate_z(target)").GetBoolean(), ResamplingPlan.IsAnisotropic(target, threshold));
        Assert.Equal(ResamplingVectorCase.Ints(helpers.GetProperty("get_lowres_axis(original)")), ResamplingPlan.LowResolutionAxes(original));
        Assert.Equal(ResamplingVectorCase.Ints(helpers.GetProperty("get_lowres_axis(target)")), ResamplingPlan.LowResolutionAxes(target));

        int channels = vector.InputShape[0];
        var data = ToFloats(vector.Array("input_data", vector.InputShape));
        var segShape = vector.InputShape;
        var seg = ToFloats(vector.Array("input_seg", segShape));
        var result = Resampler.ResamplePatient(data, channels, seg, segShape[0], vector.InputShape[1..], original, target, options);

        Assert.Equal(vector.OutputShape[1..], result.Plan.NewShape);
        Compare(file + " data", vector.Array("output_data", vector.OutputShape), result.Data!, isSegmentation: false);
        Compare(file + " seg", vector.Array("output_seg", vector.OutputShape), result.Segmentation!, isSegmentation: true);
    }

    /// <summary>The separate-z decision each patient case is described to exercise (its "covers" text).</summary>
    [Theory]
    [InlineData("patient_aniso_original.json", 0)]
    [InlineData("patient_aniso_target_only.json", 0)]
    [InlineData("patient_two_axes_tie.json", null)]
    [InlineData("patient_isotropic.json", null)]
    public void PatientPlanDecidesSeparateZAsDescribed(string file, int? expectedAxis)
    {
        var args = ResamplingVectorCase.Load(file).Args;
        var plan = ResamplingPlan.ForSpacing(ResamplingVectorCase.Load(file).InputShape[1..],
            ResamplingVectorCase.Doubles(args.GetProperty("original_spacing")),
            ResamplingVectorCase.Doubles(args.GetProperty("target_spacing")));
        Assert.Equal(expectedAxis, plan.SeparateZAxis);
    }

    [Fact]
    public void IndexListsEveryCaseFile()
    {
        var folder = Path.GetDirectoryName(TestSupport.RepoPaths.ReferenceFile(Path.Combine(ResamplingVectorCase.Folder, "index.json")))!;
        var present = Directory.GetFiles(folder, "*.json").Select(Path.GetFileName).Where(f => f != "index.json").Order();
        Assert.Equal(present, ResamplingVectorCase.Files().Order());
    }

    void Compare(string name, double[] expected, float[] actual, bool isSegmentation)
    {
        Assert.Equal(expected.Length, actual.Length);
        if (isSegmentation)
        {
            int wrong = Enumerable.Range(0, expected.Length).Count(i => expected[i] != actual[i]);
            output.WriteLine($"{name}: {wrong} labels differ of {expected.Length}");
            Assert.True(wrong == 0, $"{name}: {wrong} of {expected.Length} labels differ");
            return;
        }
        double maxError = 0;
        long maxUlps = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxError = Math.Max(maxError, Math.Abs(expected[i] - actual[i]));
            maxUlps = Math.Max(maxUlps, Math.Abs(Ordered((float)expected[i]) - Ordered(actual[i])));
        }
        output.WriteLine($"{name}: max abs error {maxError:E3}, max {maxUlps} float32 ulp");
        Assert.True(maxError <= ImageTolerance, $"{name}: max abs error {maxError:E3} ({maxUlps} float32 ulp) exceeds {ImageTolerance}");
    }

    /// <summary>float bits mapped to a monotonic integer line, so differences count ulps.</summary>
    static long Ordered(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        return bits < 0 ? int.MinValue - (long)bits : bits;
    }

    static float[] ToFloats(double[] values) => values.Select(v => (float)v).ToArray();

    static TheoryData<string> Cases(string function)
    {
        var data = new TheoryData<string>();
        foreach (var file in ResamplingVectorCase.Files())
            if (ResamplingVectorCase.Load(file).Function == function) data.Add(file);
        return data;
    }
}
