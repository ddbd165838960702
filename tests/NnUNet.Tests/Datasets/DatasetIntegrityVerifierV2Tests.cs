using NnUNet.Core.Datasets;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Datasets;

/// <summary>The checks nnU-Net v2 makes on a DatasetXXX folder (spec §1, v2).</summary>
public class DatasetIntegrityVerifierV2Tests
{
    static RawTaskBuilder V2Dataset(TempDirectory temp, int cases = 3)
    {
        var task = new RawTaskBuilder(temp, "Dataset501_Test").WithCases(training: cases, test: 0, channels: 2);
        DatasetDescription.Read(task.Folder).WriteV2(Path.Combine(task.Folder, "dataset.json"));
        return task;
    }

    [Fact]
    public void Clean_v2_dataset_has_no_problems()
    {
        using var temp = new TempDirectory();
        var task = V2Dataset(temp);
        Assert.DoesNotContain("modality", File.ReadAllText(Path.Combine(task.Folder, "dataset.json")));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Assert.Empty(report.Problems);
        Assert.Equal(3, report.TrainingCases);
    }

    [Fact]
    public void Case_count_differing_from_numTraining_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = V2Dataset(temp);
        RawTaskBuilder.WriteImage(task.ImagesTr("extra_0000.nii.gz"));
        RawTaskBuilder.WriteImage(task.ImagesTr("extra_0001.nii.gz"));
        RawTaskBuilder.WriteLabel(task.LabelsTr("extra.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        var p = Assert.Single(report.Problems);
        Assert.Equal(ProblemSeverity.Error, p.Severity);
        Assert.Contains("numTraining is 3 but 4 training cases were found", p.Message);
    }

    [Fact]
    public void Missing_label_of_a_found_case_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = V2Dataset(temp);
        File.Delete(task.LabelsTr("case_01.nii.gz"));

        var p = Assert.Single(DatasetIntegrityVerifier.Verify(task.Folder).Problems);
        Assert.Equal(("case_01", task.LabelsTr("case_01.nii.gz")), (p.CaseId, p.File));
        Assert.Contains("label file not found", p.Message);
    }

    [Fact]
    public void Origin_mismatch_only_warns_in_v2()
    {
        using var temp = new TempDirectory();
        var task = V2Dataset(temp);
        var g = RawTaskBuilder.Geometry;
        RawTaskBuilder.WriteImage(task.ImagesTr("case_00_0001.nii.gz"), geometry: g with { Origin = [0, 0, 0] });

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        var p = Assert.Single(report.Problems);
        Assert.Equal(ProblemSeverity.Warning, p.Severity);
        Assert.Contains("origin", p.Message);
        Assert.False(report.HasErrors);
    }

    [Fact]
    public void Channel_count_differing_from_channel_names_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = V2Dataset(temp);
        RawTaskBuilder.WriteImage(task.ImagesTr("case_02_0002.nii.gz"));

        var p = Assert.Single(DatasetIntegrityVerifier.Verify(task.Folder).Problems);
        Assert.Equal("case_02", p.CaseId);
        Assert.Contains("hold 3 channel(s) but dataset.json declares 2", p.Message);
    }

    [Fact]
    public void Ignore_label_must_follow_the_largest_label()
    {
        using var temp = new TempDirectory();
        var task = V2Dataset(temp);
        string json = Path.Combine(task.Folder, "dataset.json");
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"tumour\": 2", "\"tumour\": 2,\n        \"ignore\": 5"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Assert.All(report.Problems, p => Assert.Equal(json, p.File));
        Assert.Contains(report.Problems, p => p.Message.Contains("ignore label must be the largest label + 1 (3), found 5"));
        Assert.Contains(report.Problems, p => p.Message.Contains("found 0, 1, 2, 5"));
    }
}
