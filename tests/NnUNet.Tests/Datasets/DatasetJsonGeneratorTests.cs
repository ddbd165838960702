using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Datasets;

public class DatasetJsonGeneratorTests
{
    static void Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    [Fact]
    public void Lists_the_cases_of_the_folders_with_counts_and_sorted_keys()
    {
        using var temp = new TempDirectory();
        string task = temp.Combine("Task120_MassRoadsSeg");
        foreach (string id in new[] { "img-2", "img-10", "img-1" })
            for (int c = 0; c < 3; c++) Touch(Path.Combine(task, "imagesTr", $"{id}_{c:D4}.nii.gz"));
        for (int c = 0; c < 3; c++) Touch(Path.Combine(task, "imagesTs", $"test-1_{c:D4}.nii.gz"));
        Touch(Path.Combine(task, "imagesTr", "readme.txt")); // not a .nii.gz: ignored

        DatasetJsonGenerator.Generate(Path.Combine(task, "dataset.json"), Path.Combine(task, "imagesTr"), Path.Combine(task, "imagesTs"),
            ["Red", "Green", "Blue"], new Dictionary<int, string> { [1] = "street", [0] = "background" }, "MassRoadsSeg");

        string text = File.ReadAllText(Path.Combine(task, "dataset.json"));
        using var json = JsonDocument.Parse(text);
        JsonElement root = json.RootElement;
        string[] keys = root.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(["description", "labels", "licence", "modality", "name", "numTest", "numTraining", "reference", "release",
            "tensorImageSize", "test", "training"], keys);
        Assert.Equal(3, root.GetProperty("numTraining").GetInt32());
        Assert.Equal(1, root.GetProperty("numTest").GetInt32());
        Assert.Equal("4D", root.GetProperty("tensorImageSize").GetString());
        Assert.Equal("hands off!", root.GetProperty("licence").GetString());
        Assert.Equal("0.0", root.GetProperty("release").GetString());
        Assert.Equal(["Red", "Green", "Blue"], root.GetProperty("modality").EnumerateObject().Select(p => p.Value.GetString()));
        Assert.Equal(["0", "1"], root.GetProperty("labels").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["./imagesTr/img-1.nii.gz", "./imagesTr/img-10.nii.gz", "./imagesTr/img-2.nii.gz"],
            root.GetProperty("training").EnumerateArray().Select(e => e.GetProperty("image").GetString()));
        Assert.Equal(["image", "label"],
            root.GetProperty("training")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("./labelsTr/img-10.nii.gz", root.GetProperty("training")[1].GetProperty("label").GetString());
        Assert.Equal(["./imagesTs/test-1.nii.gz"], root.GetProperty("test").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("\n    \"description\"", text); // indent 4, as nnU-Net's json files

        // It reads back as the same dataset.
        var d = DatasetDescription.Read(task);
        Assert.Equal(["img-1", "img-10", "img-2"], d.Training.Select(c => c.Id));
        Assert.Equal(Path.Combine(task, "imagesTr", "img-10_0002.nii.gz"), d.Training[1].Images[2]);
    }

    [Fact]
    public void Sorting_is_by_string_as_python_does()
    {
        using var temp = new TempDirectory();
        string task = temp.Combine("Task9_X");
        Touch(Path.Combine(task, "imagesTr", "a_0000.nii.gz"));
        var labels = Enumerable.Range(0, 12).ToDictionary(i => i, i => i == 0 ? "background" : $"class{i}");

        DatasetJsonGenerator.Generate(Path.Combine(task, "dataset.json"), Path.Combine(task, "imagesTr"), null, ["CT"], labels, "X");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(task, "dataset.json")));
        Assert.Equal(["0", "1", "10", "11", "2", "3", "4", "5", "6", "7", "8", "9"],
            json.RootElement.GetProperty("labels").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, json.RootElement.GetProperty("numTest").GetInt32());
        // The model keeps the labels by value.
        Assert.Equal(Enumerable.Range(0, 12), DatasetDescription.Read(task).Labels.Keys);
    }

    [Fact]
    public void Unsorted_output_keeps_the_v1_key_order()
    {
        using var temp = new TempDirectory();
        string task = temp.Combine("Task9_X");
        Touch(Path.Combine(task, "imagesTr", "a_0000.nii.gz"));

        DatasetJsonGenerator.Generate(Path.Combine(task, "dataset.json"), Path.Combine(task, "imagesTr"), null, ["CT"],
            new Dictionary<int, string> { [0] = "background" }, "X", sortKeys: false);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(task, "dataset.json")));
        Assert.Equal(["name", "description", "tensorImageSize", "reference", "licence", "release", "modality", "labels",
            "numTraining", "numTest", "training", "test"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_file_without_channel_suffix_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        string images = temp.Combine("Task9_X", "imagesTr");
        Touch(Path.Combine(images, "a_0000.nii.gz"));
        Touch(Path.Combine(images, "a.nii.gz"));

        var e = Assert.Throws<InvalidInputException>(() => DatasetJsonGenerator.Generate(temp.Combine("Task9_X", "dataset.json"), images, null,
            ["CT"], new Dictionary<int, string> { [0] = "background" }, "X"));
        Assert.Contains(Path.Combine(images, "a.nii.gz"), e.Message);
        Assert.False(File.Exists(temp.Combine("Task9_X", "dataset.json")));
    }
}
