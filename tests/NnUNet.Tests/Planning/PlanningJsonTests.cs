using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Planning;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Planning;

public sealed class PlanningJsonTests
{
    static DatasetFingerprint SampleFingerprint() => new()
    {
        Cases =
        [
            new CaseFingerprint { CaseIdentifier = "liver_000", Spacing = [2.5, 0.7636560201644897, 0.7636560201644897], ShapeAfterCropping = [120, 512, 512], SizeReduction = 1 },
            new CaseFingerprint { CaseIdentifier = "liver_001", Spacing = [1.0, 0.1 + 0.2, 0.8], ShapeAfterCropping = [301, 490, 500], SizeReduction = 0.8123456789012345 },
        ],
        Modalities = ["CT", "MRI"],
        AllClasses = [1, 2],
        IntensityProperties =
        [
            new IntensityProperties { Mean = 99.4, Sd = 39.36, Median = 101, Min = -1024, Max = 3071, Percentile00_5 = -17, Percentile99_5 = 201 },
            new IntensityProperties { Mean = 0.1 + 0.2, Sd = 1e-300, Median = 0, Min = 0, Max = 1, Percentile00_5 = 0, Percentile99_5 = 1 },
        ],
    };

    static void AssertSame(DatasetFingerprint expected, DatasetFingerprint actual)
    {
        Assert.Equal(expected.Modalities, actual.Modalities);
        Assert.Equal(expected.AllClasses, actual.AllClasses);
        Assert.Equal(expected.Cases.Count, actual.Cases.Count);
        for (int i = 0; i < expected.Cases.Count; i++)
        {
            Assert.Equal(expected.Cases[i].CaseIdentifier, actual.Cases[i].CaseIdentifier);
            Assert.Equal(expected.Cases[i].Spacing, actual.Cases[i].Spacing); // bit-exact doubles
            Assert.Equal(expected.Cases[i].ShapeAfterCropping, actual.Cases[i].ShapeAfterCropping);
            Assert.Equal(expected.Cases[i].SizeReduction, actual.Cases[i].SizeReduction);
        }
        Assert.Equal(expected.IntensityProperties!, actual.IntensityProperties!); // records of doubles: value equality
    }

    [Fact]
    public void FingerprintRoundTripsBitExact()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(DatasetFingerprint.FileName);
        var fingerprint = SampleFingerprint();
        fingerprint.Write(path);
        var read = DatasetFingerprint.Read(path);
        AssertSame(fingerprint, read);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("MRI", json.RootElement.GetProperty("modalities").GetProperty("1").GetString());
        Assert.Equal(-17, json.RootElement.GetProperty("intensity_properties").GetProperty("0").GetProperty("percentile_00_5").GetDouble());
    }

    [Fact]
    public void FingerprintWithoutIntensityPropertiesRoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(DatasetFingerprint.FileName);
        var fingerprint = SampleFingerprint() with { IntensityProperties = null };
        fingerprint.Write(path);
        Assert.Null(DatasetFingerprint.Read(path).IntensityProperties);
    }

    [Fact]
    public void PlansFileUsesTheV1FieldNamesAndReadsBackEqual()
    {
        var fingerprint = SampleFingerprint();
        var result = ExperimentPlanner.Plan(fingerprint);
        using var dir = new TempDirectory();
        result.Write(dir.Path);

        string path = dir.Combine(ExperimentPlans.FileName3D);
        using (var json = JsonDocument.Parse(File.ReadAllText(path)))
        {
            var root = json.RootElement;
            Assert.Equal("nnUNetPlansv2.1", root.GetProperty("plans_identifier").GetString());
            Assert.Equal("nnUNetData_plans_v2.1", root.GetProperty("data_identifier").GetString());
            Assert.Equal("GenericPreprocessor", root.GetProperty("preprocessor_name").GetString());
            Assert.Equal(2, root.GetProperty("num_classes").GetInt32()); // foreground classes only
            Assert.Equal("CT", root.GetProperty("normalization_schemes").GetProperty("0").GetString());
            Assert.Equal("nonCT", root.GetProperty("normalization_schemes").GetProperty("1").GetString());
            Assert.False(root.GetProperty("use_mask_for_norm").GetProperty("0").GetBoolean());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("keep_only_largest_region").ValueKind);
            Assert.Equal(JsonValueKind.Null, root.GetProperty("min_size_per_class").ValueKind);
            Assert.Equal(32, root.GetProperty("base_num_features").GetInt32());
            Assert.Equal(2, root.GetProperty("conv_per_stage").GetInt32());
            var stage = root.GetProperty("plans_per_stage")[0];
            foreach (string key in new[] { "batch_size", "num_pool_per_axis", "patch_size", "median_patient_size_in_voxels",
                         "current_spacing", "original_spacing", "do_dummy_2D_data_aug", "pool_op_kernel_sizes", "conv_kernel_sizes" })
                Assert.True(stage.TryGetProperty(key, out _), $"stage key {key} missing");
            Assert.Equal(1, root.GetProperty("dataset_properties").GetProperty("cases")[1].GetProperty("spacing")[0].GetDouble());
        }

        var read = ExperimentPlans.Read(path);
        Assert.Equal(result.Plans3D!.ToJson(), read.ToJson());
        Assert.Equal(result.Plans3D.PlansPerStage.Count, read.PlansPerStage.Count);
        var fullres = result.Plans3D.GetStage("3d_fullres");
        var readStage = read.GetStage("3d_fullres");
        Assert.Equal(fullres.BatchSize, readStage.BatchSize);
        Assert.Equal(fullres.DoDummy2DDataAug, readStage.DoDummy2DDataAug);
        Assert.Equal(fullres.PoolOpKernelSizes, readStage.PoolOpKernelSizes);
        Assert.Equal(result.Plans3D.GetStage("3d_fullres").PatchSize, read.GetStage("3d_fullres").PatchSize);
        Assert.Equal(result.Plans3D.GetStage("3d_fullres").CurrentSpacing, read.GetStage("3d_fullres").CurrentSpacing);
        Assert.Equal(result.Plans3D.UseMaskForNorm, read.UseMaskForNorm);
        Assert.Equal(result.Plans3D.TransposeForward, read.TransposeForward);
        AssertSame(fingerprint, read.DatasetProperties);

        var read2D = ExperimentPlans.Read(dir.Combine(ExperimentPlans.FileName2D));
        Assert.Equal("PreprocessorFor2D", read2D.PreprocessorName);
        Assert.Equal("nnUNetData_plans_v2.1_2D", read2D.DataIdentifier);
        Assert.Equal(result.Plans2D.ToJson(), read2D.ToJson());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"cases\": [], \"modalities\": {\"0\": \"CT\"}, \"all_classes\": [1]}")]
    [InlineData("{\"cases\": [{\"case_identifier\": \"a\", \"spacing\": [1, 1, 1], \"shape_after_cropping\": [1, 1, 1], \"size_reduction\": 1}], \"modalities\": {\"0\": \"CT\", \"2\": \"MRI\"}, \"all_classes\": [1]}")]
    [InlineData("{\"cases\": [{\"case_identifier\": \"a\", \"spacing\": [0, 1, 1], \"shape_after_cropping\": [1, 1, 1], \"size_reduction\": 1}], \"modalities\": {\"0\": \"CT\"}, \"all_classes\": [1]}")]
    [InlineData("{\"modalities\": {\"0\": \"CT\"}, \"all_classes\": [1]}")]
    public void BadFingerprintFileIsReportedWithItsPath(string text)
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(DatasetFingerprint.FileName);
        File.WriteAllText(path, text);
        var e = Assert.Throws<InvalidInputException>(() => DatasetFingerprint.Read(path));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void MissingPlansFileIsReportedWithItsPath()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(ExperimentPlans.FileName3D);
        var e = Assert.Throws<InvalidInputException>(() => ExperimentPlans.Read(path));
        Assert.Contains(path, e.Message);
    }
}
