using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Datasets;

public class DatasetIntegrityVerifierTests
{
    static DatasetProblem Single(DatasetIntegrityReport report, ProblemSeverity severity, string? caseId, string? file, string message)
    {
        DatasetProblem problem = Assert.Single(report.Problems);
        Assert.Equal(severity, problem.Severity);
        Assert.Equal(caseId, problem.CaseId);
        Assert.Equal(file, problem.File);
        Assert.Contains(message, problem.Message);
        Assert.Equal(severity == ProblemSeverity.Error, report.HasErrors);
        return problem;
    }

    static ImageGeometry Shifted(ImageGeometry g, double dx) => g with { Origin = [g.Origin[0] + dx, g.Origin[1], g.Origin[2]] };

    [Fact]
    public void Clean_dataset_has_no_problems()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 3, test: 2, channels: 2);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Assert.Empty(report.Problems);
        Assert.False(report.HasErrors);
        Assert.Equal(3, report.TrainingCases);
        Assert.Equal(2, report.TestCases);
        Assert.Equal("Task501_Test: 3 training and 2 test cases checked: no problems found.", Assert.Single(report.RenderLines()));
        report.ThrowIfErrors();
    }

    [Fact]
    public void Missing_dataset_json_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        File.Delete(Path.Combine(task.Folder, "dataset.json"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, null, Path.Combine(task.Folder, "dataset.json"), "file not found");
    }

    [Theory]
    [InlineData("imagesTr")]
    [InlineData("labelsTr")]
    public void Missing_training_folder_is_one_error_and_test_cases_are_still_checked(string folder)
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        Directory.Delete(Path.Combine(task.Folder, folder), recursive: true);
        File.Delete(task.ImagesTs("test_00_0001.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Assert.Equal(2, report.Problems.Count);
        Assert.Equal((null, Path.Combine(task.Folder, folder)), (report.Problems[0].CaseId, report.Problems[0].File));
        Assert.Contains("folder not found", report.Problems[0].Message);
        Assert.Equal(("test_00", task.ImagesTs("test_00_0001.nii.gz")), (report.Problems[1].CaseId, report.Problems[1].File));
    }

    [Fact]
    public void Duplicate_training_id_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 2);
        task.EditJson("./imagesTr/case_01.nii.gz", "./imagesTr/case_00.nii.gz");
        task.EditJson("./labelsTr/case_01.nii.gz", "./labelsTr/case_00.nii.gz");
        File.Delete(task.ImagesTr("case_01_0000.nii.gz"));
        File.Delete(task.ImagesTr("case_01_0001.nii.gz"));
        File.Delete(task.LabelsTr("case_01.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "case_00", Path.Combine(task.Folder, "dataset.json"), "listed 2 times");
    }

    [Fact]
    public void Missing_label_file_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        File.Delete(task.LabelsTr("case_01.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "case_01", task.LabelsTr("case_01.nii.gz"), "label file not found");
    }

    [Fact]
    public void Missing_channel_file_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        File.Delete(task.ImagesTr("case_02_0001.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "case_02", task.ImagesTr("case_02_0001.nii.gz"), "image file not found");
    }

    [Fact]
    public void Stray_file_in_imagesTr_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        RawTaskBuilder.WriteImage(task.ImagesTr("case_00_0002.nii.gz"));
        File.WriteAllText(task.ImagesTr(".DS_Store"), "not a case"); // not a .nii.gz: ignored, as in nnU-Net

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, null, task.ImagesTr("case_00_0002.nii.gz"), "not listed in dataset.json");
    }

    [Fact]
    public void Stray_file_in_labelsTr_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_99.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, null, task.LabelsTr("case_99.nii.gz"), "stray file in labelsTr");
    }

    [Fact]
    public void NaN_in_an_image_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        RawTaskBuilder.WriteImage(task.ImagesTr("case_01_0000.nii.gz"), edit: d => { d[7] = float.NaN; d[8] = float.NaN; });

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "case_01", task.ImagesTr("case_01_0000.nii.gz"), "contains 2 NaN value(s)");
    }

    [Fact]
    public void NaN_in_a_label_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_00.nii.gz"), edit: d => d[3] = float.NaN, dataType: NiftiDataType.Float32);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "case_00", task.LabelsTr("case_00.nii.gz"), "contains 1 NaN value(s)");
    }

    public static TheoryData<string, string> GeometryMismatches => new()
    {
        { "size", "size (z, y, x) (4, 5, 7) differs from case_01.nii.gz (4, 5, 6)" },
        { "spacing", "spacing (z, y, x) (3, 0.8, 0.71) differs from case_01.nii.gz (3, 0.8, 0.7)" },
        { "origin", "origin (10.5, -20, 5) differs from case_01.nii.gz (10, -20, 5)" },
        { "direction", "direction (0, 1, 0, 1, 0, 0, 0, 0, 1) differs from case_01.nii.gz (1, 0, 0, 0, 1, 0, 0, 0, 1)" },
    };

    [Theory]
    [MemberData(nameof(GeometryMismatches))]
    public void Channel_geometry_differing_from_the_label_is_an_error(string aspect, string message)
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        ImageGeometry g = RawTaskBuilder.Geometry;
        int[]? shape = null;
        switch (aspect)
        {
            case "size": shape = [4, 5, 7]; break;
            case "spacing": g = g.WithSpacing([3.0, 0.8, 0.71]); break;
            case "origin": g = Shifted(g, 0.5); break;
            case "direction": g = g with { Direction = [0, 1, 0, 1, 0, 0, 0, 0, 1] }; break;
        }
        RawTaskBuilder.WriteImage(task.ImagesTr("case_01_0001.nii.gz"), shape: shape, geometry: g);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        // A swapped direction also changes the orientation, which only warns.
        DatasetProblem error = Assert.Single(report.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal("case_01", error.CaseId);
        Assert.Equal(task.ImagesTr("case_01_0001.nii.gz"), error.File);
        Assert.Equal(message, error.Message.TrimEnd('.'));
        Assert.All(report.Problems.Where(p => p != error), p => Assert.Contains("orientation", p.Message));
    }

    [Fact]
    public void Geometry_within_isclose_tolerance_passes()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        ImageGeometry g = RawTaskBuilder.Geometry;
        // 1e-7 relative is far inside numpy's rtol 1e-5 (and survives the writer's float32 header fields).
        RawTaskBuilder.WriteImage(task.ImagesTr("case_01_0001.nii.gz"), geometry: Shifted(g.WithSpacing([3.0000003, 0.8, 0.7]), 1e-6));

        Assert.Empty(DatasetIntegrityVerifier.Verify(task.Folder).Problems);
    }

    [Theory]
    [InlineData("\"2\": \"tumour\"", "\"3\": \"tumour\"", "0, 1, 3")]
    [InlineData("\"0\": \"background\"", "\"3\": \"background\"", "1, 2, 3")]
    public void Label_keys_must_start_at_zero_and_be_consecutive(string from, string to, string found)
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 1);
        // Keep the label files within the declared values so that only dataset.json is at fault.
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_00.nii.gz"), edit: d => Array.Fill(d, 1f));
        task.EditJson(from, to);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, null, Path.Combine(task.Folder, "dataset.json"), $"without gaps; found {found}");
    }

    [Fact]
    public void Undeclared_label_values_are_an_error_listing_them()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_02.nii.gz"), edit: d => { d[0] = 5; d[1] = 7; d[2] = 5; });

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        var p = Single(report, ProblemSeverity.Error, "case_02", task.LabelsTr("case_02.nii.gz"), "label values 5, 7 are not declared");
        Assert.Contains("declared: 0, 1, 2", p.Message);
    }

    [Fact]
    public void Non_integer_label_values_are_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_00.nii.gz"), edit: d => d[4] = 1.5f, dataType: NiftiDataType.Float32);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "case_00", task.LabelsTr("case_00.nii.gz"), "must be integers; found 1.5");
    }

    [Fact]
    public void Missing_test_file_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(test: 2);
        File.Delete(task.ImagesTs("test_01_0001.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "test_01", task.ImagesTs("test_01_0001.nii.gz"), "image file not found");
    }

    [Fact]
    public void Test_channels_with_different_geometry_are_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(test: 1);
        RawTaskBuilder.WriteImage(task.ImagesTs("test_00_0001.nii.gz"), geometry: Shifted(RawTaskBuilder.Geometry, -3));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "test_00", task.ImagesTs("test_00_0001.nii.gz"), "origin (7, -20, 5) differs from test_00_0000.nii.gz");
    }

    [Fact]
    public void Stray_file_in_imagesTs_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(test: 1);
        RawTaskBuilder.WriteImage(task.ImagesTs("unlisted_0000.nii.gz"));

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, null, task.ImagesTs("unlisted_0000.nii.gz"), "stray file in imagesTs");
    }

    [Fact]
    public void NaN_in_a_test_image_only_warns()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(test: 1);
        RawTaskBuilder.WriteImage(task.ImagesTs("test_00_0000.nii.gz"), edit: d => d[0] = float.NaN);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Warning, "test_00", task.ImagesTs("test_00_0000.nii.gz"), "NaN");
    }

    [Fact]
    public void Different_orientations_across_cases_only_warn()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 3);
        // case_02 is consistent in itself (channels = label) but flipped in x and y: RAS instead of LPS.
        var flipped = RawTaskBuilder.Geometry with { Direction = [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
        RawTaskBuilder.WriteImage(task.ImagesTr("case_02_0000.nii.gz"), geometry: flipped);
        RawTaskBuilder.WriteImage(task.ImagesTr("case_02_0001.nii.gz"), geometry: flipped);
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_02.nii.gz"), geometry: flipped);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        var p = Single(report, ProblemSeverity.Warning, null, null, "not all training images have the same orientation");
        Assert.Contains("LPS x4", p.Message);
        Assert.Contains("RAS x2 (e.g. case_02_0000.nii.gz)", p.Message);
        report.ThrowIfErrors(); // warnings do not fail
    }

    [Fact]
    public void Unreadable_file_is_an_error_and_checking_goes_on()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        File.WriteAllBytes(task.ImagesTr("case_00_0001.nii.gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3]);
        RawTaskBuilder.WriteImage(task.ImagesTr("case_02_0000.nii.gz"), edit: d => d[0] = float.NaN);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Assert.Equal(2, report.ErrorCount);
        var unreadable = report.Problems[0];
        Assert.Equal(("case_00", task.ImagesTr("case_00_0001.nii.gz")), (unreadable.CaseId, unreadable.File));
        Assert.StartsWith("cannot be read", unreadable.Message);
        Assert.Equal("case_02", report.Problems[1].CaseId);
    }

    [Fact]
    public void Reports_all_problems_not_only_the_first()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 4);
        File.Delete(task.LabelsTr("case_00.nii.gz"));                                              // missing label
        RawTaskBuilder.WriteImage(task.ImagesTr("case_01_0000.nii.gz"), edit: d => d[0] = float.NaN); // NaN
        RawTaskBuilder.WriteLabel(task.LabelsTr("case_03.nii.gz"), edit: d => d[0] = 9);            // undeclared value

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Assert.Equal(3, report.ErrorCount);
        Assert.Equal(3, report.Problems.Count);
        Assert.Equal(["case_00", "case_01", "case_03"], report.Problems.Select(p => p.CaseId));
        IReadOnlyList<string> lines = report.RenderLines();
        Assert.Equal(4, lines.Count);
        Assert.Equal("ERROR   case case_00 labelsTr/case_00.nii.gz: label file not found.", lines[0]);
        Assert.StartsWith("ERROR   case case_01 imagesTr/case_01_0000.nii.gz: contains 1 NaN", lines[1]);
        Assert.Equal("Task501_Test: 4 training and 1 test cases checked: 3 errors, 0 warnings.", lines[3]);
        var e = Assert.Throws<InvalidInputException>(report.ThrowIfErrors);
        Assert.Contains("3 errors", e.Message);
        Assert.Contains("label file not found", e.Message);
    }

    [Fact]
    public void Bad_dataset_json_is_an_error_naming_it()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        task.EditJson("./labelsTr/case_01.nii.gz", "../../secrets.nii.gz");

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, null, Path.Combine(task.Folder, "dataset.json"), "training[1].label '../../secrets.nii.gz' leaves the dataset folder");
    }

    [Fact]
    public void Multi_channel_file_where_one_channel_is_expected_is_an_error()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(channels: 1);
        RawTaskBuilder.WriteImage(task.ImagesTr("case_01_0000.nii.gz"), channels: 2);

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Error, "case_01", task.ImagesTr("case_01_0000.nii.gz"), "hold 2 channel(s) but dataset.json declares 1");
    }

    [Fact]
    public void Declared_counts_that_differ_from_the_lists_warn_in_v1()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 3);
        task.EditJson("\"numTraining\": 3", "\"numTraining\": 4");

        var report = DatasetIntegrityVerifier.Verify(task.Folder);

        Single(report, ProblemSeverity.Warning, null, Path.Combine(task.Folder, "dataset.json"), "numTraining is 4 but 'training' lists 3");
    }

    [Fact]
    public void Parallel_and_sequential_runs_find_the_same_problems()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases(training: 6, test: 2);
        for (int i = 0; i < 6; i += 2)
            RawTaskBuilder.WriteImage(task.ImagesTr($"case_{i:D2}_0001.nii.gz"), edit: d => d[i] = float.NaN);
        var progress = new List<ProgressUpdate>();

        var parallel = DatasetIntegrityVerifier.Verify(task.Folder, new SynchronousProgress(progress), maxParallelism: 2);
        var sequential = DatasetIntegrityVerifier.Verify(task.Folder, maxParallelism: 1);

        Assert.Equal(sequential.RenderLines(), parallel.RenderLines());
        Assert.Equal(3, parallel.ErrorCount);
        Assert.Equal(8, progress.Count);
        Assert.Equal(Enumerable.Range(1, 8), progress.Select(p => p.Done).Order());
    }

    sealed class SynchronousProgress(List<ProgressUpdate> sink) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) { lock (sink) sink.Add(value); }
    }
}
