using System.Text.Json.Nodes;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Datasets;

public class DatasetDescriptionTests
{
    const string V1Json = """
        {
            "name": "Prostate",
            "description": "Prostate transitional zone and peripheral zone segmentation",
            "tensorImageSize": "4D",
            "reference": "Radboud University",
            "licence": "CC-BY-SA 4.0",
            "release": "1.0 04/05/2018",
            "modality": { "0": "T2", "1": "ADC" },
            "labels": { "0": "background", "1": "PZ", "2": "TZ" },
            "numTraining": 2,
            "numTest": 1,
            "training": [
                { "image": "./imagesTr/prostate_00.nii.gz", "label": "./labelsTr/prostate_00.nii.gz" },
                { "image": "./imagesTr/prostate_01.nii.gz", "label": "./labelsTr/prostate_01.nii.gz" }
            ],
            "test": [ "./imagesTs/prostate_03.nii.gz" ],
            "custom": { "scanner": "Siemens", "fields": [1.5, 3] }
        }
        """;

    static string Write(TempDirectory temp, string json, string folder = "Task005_Prostate")
    {
        string dir = temp.Combine(folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), json);
        return dir;
    }

    static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    [Fact]
    public void V1_form_is_read_into_the_model()
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, V1Json);

        var d = DatasetDescription.Read(dir);

        Assert.Equal(DatasetJsonFormat.V1, d.Format);
        Assert.Equal(["T2", "ADC"], d.Channels);
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "PZ", [2] = "TZ" }, d.Labels);
        Assert.Equal(["prostate_00", "prostate_01"], d.Training.Select(c => c.Id));
        Assert.Equal([Path.Combine(dir, "imagesTr", "prostate_00_0000.nii.gz"), Path.Combine(dir, "imagesTr", "prostate_00_0001.nii.gz")],
            d.Training[0].Images);
        Assert.Equal(Path.Combine(dir, "labelsTr", "prostate_01.nii.gz"), d.Training[1].Label);
        Assert.Equal("prostate_03", Assert.Single(d.Test).Id);
        Assert.Null(d.Test[0].Label);
        Assert.Equal(".nii.gz", d.FileEnding);
        Assert.Equal(2, d.DeclaredTrainingCount);
        Assert.Equal("Radboud University", d.Reference);
        Assert.Equal("Siemens", d.Metadata["custom"]!["scanner"]!.GetValue<string>());
        Assert.Equal(new SortedSet<int> { 0, 1, 2 }, d.ExpectedLabelValues);
    }

    [Fact]
    public void V1_round_trip_keeps_everything()
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, V1Json);
        var original = DatasetDescription.Read(dir);

        string copyDir = temp.Combine("copy", "Task005_Prostate");
        Directory.CreateDirectory(copyDir);
        original.WriteV1(Path.Combine(copyDir, "dataset.json"));
        var copy = DatasetDescription.Read(copyDir);

        AssertSameContent(original, copy, dir, copyDir);
        Assert.Equal(original.Test.Select(c => c.Id), copy.Test.Select(c => c.Id));
        Assert.Equal(original.TensorImageSize, copy.TensorImageSize);
        Assert.True(JsonNode.DeepEquals(original.Metadata["custom"], copy.Metadata["custom"]));
        // Writing what was read gives the same text again.
        string first = File.ReadAllText(Path.Combine(copyDir, "dataset.json"));
        copy.WriteV1(Path.Combine(copyDir, "dataset.json"));
        Assert.Equal(first, File.ReadAllText(Path.Combine(copyDir, "dataset.json")));
        Assert.Contains("\"image\": \"./imagesTr/prostate_00.nii.gz\"", first);
    }

    [Fact]
    public void V1_converts_to_v2_with_inverted_labels()
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, V1Json);
        var v1 = DatasetDescription.Read(dir);
        // v2 finds the cases in the folder.
        foreach (var c in v1.Training) { foreach (string i in c.Images) Touch(i); Touch(c.Label!); }

        v1.WriteV2(Path.Combine(dir, "dataset.json"));
        JsonNode json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "dataset.json")))!;
        var v2 = DatasetDescription.Read(dir);

        Assert.Equal(1, json["labels"]!["PZ"]!.GetValue<int>());
        Assert.Equal("ADC", json["channel_names"]!["1"]!.GetValue<string>());
        Assert.Equal(".nii.gz", json["file_ending"]!.GetValue<string>());
        Assert.Null(json["dataset"]); // standard layout: v2 discovers the files
        Assert.Equal(DatasetJsonFormat.V2, v2.Format);
        Assert.True(v2.CasesDiscoveredFromFolder);
        AssertSameContent(v1, v2, dir, dir);
    }

    [Fact]
    public void V2_with_dataset_key_round_trips()
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, """
            {
                "channel_names": { "0": "CT" },
                "labels": { "background": 0, "liver": 1, "tumour": 2 },
                "numTraining": 2,
                "file_ending": ".nii.gz",
                "dataset": {
                    "a": { "images": ["scans/a_ct.nii.gz"], "label": "segs/a.nii.gz" },
                    "b": { "images": ["./scans/b_ct.nii.gz"], "label": "segs/b.nii.gz" }
                },
                "overwrite_image_reader_writer": "SimpleITKIO"
            }
            """, "Dataset003_Liver");

        var d = DatasetDescription.Read(dir);
        Assert.Equal(DatasetJsonFormat.V2, d.Format);
        Assert.False(d.CasesDiscoveredFromFolder);
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "liver", [2] = "tumour" }, d.Labels);
        Assert.Equal([Path.Combine(dir, "scans", "b_ct.nii.gz")], d.Training[1].Images);
        Assert.Equal(Path.Combine(dir, "segs", "a.nii.gz"), d.Training[0].Label);

        d.WriteV2(Path.Combine(dir, "dataset.json"));
        var copy = DatasetDescription.Read(dir);
        AssertSameContent(d, copy, dir, dir);
        Assert.Equal("SimpleITKIO", copy.Metadata["overwrite_image_reader_writer"]!.GetValue<string>());
        // Non-standard file names cannot be written in the v1 form.
        var e = Assert.Throws<InvalidInputException>(() => d.WriteV1(temp.Combine("v1.json")));
        Assert.Contains("Case a", e.Message);
    }

    [Fact]
    public void V2_without_dataset_key_discovers_cases_from_the_folder()
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, """
            { "channel_names": {"0": "R", "1": "G"}, "labels": {"background": 0, "road": 1},
              "numTraining": 2, "file_ending": ".nii.gz" }
            """, "Dataset120_Roads");
        foreach (string f in new[] { "img-2_0001.nii.gz", "img-2_0000.nii.gz", "img-10_0000.nii.gz", "img-10_0001.nii.gz", "notes.txt" })
            Touch(Path.Combine(dir, "imagesTr", f));
        Touch(Path.Combine(dir, "imagesTs", "t_0000.nii.gz"));

        var d = DatasetDescription.Read(dir);

        Assert.Equal(["img-10", "img-2"], d.Training.Select(c => c.Id)); // ordinal, as numpy's unique
        Assert.Equal([Path.Combine(dir, "imagesTr", "img-2_0000.nii.gz"), Path.Combine(dir, "imagesTr", "img-2_0001.nii.gz")], d.Training[1].Images);
        Assert.Equal(Path.Combine(dir, "labelsTr", "img-2.nii.gz"), d.Training[1].Label);
        Assert.Equal("t", Assert.Single(d.Test).Id);
    }

    [Fact]
    public void V2_regions_and_ignore_label_round_trip_in_order()
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, """
            { "channel_names": {"0": "T1", "1": "T1ce", "2": "T2", "3": "FLAIR"},
              "labels": {"background": 0, "whole_tumor": [1, 2, 3], "tumor_core": [2, 3], "enhancing_tumor": 3, "ignore": 4},
              "regions_class_order": [1, 2, 3], "numTraining": 0, "file_ending": ".nii.gz" }
            """, "Dataset137_BraTS");

        var d = DatasetDescription.Read(dir);
        Assert.Equal(["whole_tumor", "tumor_core", "enhancing_tumor"], d.Regions.Select(r => r.Name));
        Assert.Equal([2, 3], d.Regions[1].Labels);
        Assert.Equal(4, d.IgnoreLabel);
        Assert.Equal([1, 2, 3], d.RegionsClassOrder!);
        Assert.Equal(new SortedSet<int> { 0, 1, 2, 3, 4 }, d.ExpectedLabelValues);

        d.WriteV2(Path.Combine(dir, "dataset.json"));
        var copy = DatasetDescription.Read(dir);
        Assert.Equal(d.Regions.Select(r => (r.Name, string.Join(",", r.Labels))), copy.Regions.Select(r => (r.Name, string.Join(",", r.Labels))));
        Assert.Equal(4, copy.IgnoreLabel);
        Assert.Equal([1, 2, 3], copy.RegionsClassOrder!);
        Assert.Throws<InvalidInputException>(() => d.WriteV1(temp.Combine("v1.json")));
    }

    [Theory]
    [InlineData("../elsewhere/case.nii.gz")]
    [InlineData("./imagesTr/../../case.nii.gz")]
    [InlineData("/etc/case.nii.gz")]
    [InlineData("C:\\\\data\\\\case.nii.gz")]
    [InlineData("..\\\\case.nii.gz")]
    public void V1_paths_leaving_the_dataset_folder_are_rejected(string escaping)
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, V1Json.Replace("./labelsTr/prostate_01.nii.gz", escaping));

        var e = Assert.Throws<InvalidInputException>(() => DatasetDescription.Read(dir));

        Assert.Contains(Path.Combine(dir, "dataset.json"), e.Message);
        Assert.Contains("training[1].label", e.Message);
        Assert.Contains("leaves the dataset folder", e.Message);
    }

    [Fact]
    public void V2_dataset_paths_leaving_the_folder_are_rejected()
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, """
            { "channel_names": {"0": "CT"}, "labels": {"background": 0, "x": 1}, "numTraining": 1, "file_ending": ".nii.gz",
              "dataset": { "a": { "images": ["/data/a_0000.nii.gz"], "label": "labelsTr/a.nii.gz" } } }
            """);

        var e = Assert.Throws<InvalidInputException>(() => DatasetDescription.Read(dir));
        Assert.Contains("dataset['a'].images[0]", e.Message);
        Assert.Contains("/data/a_0000.nii.gz", e.Message);
    }

    [Theory]
    [InlineData("{ \"labels\": {\"0\": \"background\"} }", "neither 'modality'")]
    [InlineData("{ \"channel_names\": {\"0\": \"CT\"} }", "labels, numTraining, file_ending")]
    [InlineData("{ \"modality\": {\"0\": \"CT\"}, \"labels\": {\"0\": \"background\"}, ", "not valid JSON")]
    [InlineData("{ \"modality\": {\"1\": \"CT\"}, \"labels\": {}, \"training\": [] }", "channel indices 0..0")]
    [InlineData("{ \"modality\": {\"0\": \"CT\"}, \"labels\": {\"zero\": \"background\"}, \"training\": [] }", "key 'zero' is not an integer")]
    [InlineData("{ \"modality\": {\"0\": \"CT\"}, \"labels\": {}, \"training\": [{\"image\": \"./imagesTr/a_0000.png\", \"label\": \"./labelsTr/a.nii.gz\"}] }", "training[0].image")]
    public void Malformed_files_give_one_clear_error(string json, string expected)
    {
        using var temp = new TempDirectory();
        string dir = Write(temp, json);

        var e = Assert.Throws<InvalidInputException>(() => DatasetDescription.Read(dir));

        Assert.StartsWith(Path.Combine(dir, "dataset.json"), e.Message);
        Assert.Contains(expected, e.Message);
    }

    static void AssertSameContent(DatasetDescription a, DatasetDescription b, string dirA, string dirB)
    {
        string Rel(string folder, string? p) => p == null ? "" : Path.GetRelativePath(folder, p);
        Assert.Equal(a.Channels, b.Channels);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.FileEnding, b.FileEnding);
        Assert.Equal(a.Name, b.Name);
        Assert.Equal(a.Description, b.Description);
        Assert.Equal(a.Licence, b.Licence);
        Assert.Equal(a.Release, b.Release);
        Assert.Equal(
            a.Training.Select(c => (c.Id, string.Join("|", c.Images.Select(i => Rel(dirA, i))), Rel(dirA, c.Label))),
            b.Training.Select(c => (c.Id, string.Join("|", c.Images.Select(i => Rel(dirB, i))), Rel(dirB, c.Label))));
    }
}
