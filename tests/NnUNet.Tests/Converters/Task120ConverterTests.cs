using NnUNet.Converters.NaturalImages;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.Conversion;

namespace NnUNet.Tests.Converters;

/// <summary>Task120_MassRoadsSeg on the published layout road_segmentation_ideal/{training,testing}/{input,output}.</summary>
public class Task120ConverterTests
{
    static int Colour(int i, int y, int x, int c) => (i * 31 + y * 7 + x * 3 + c * 50) % 256;

    // Roads are 255; anything else (anti-aliased edges included) is background.
    static int Mask(int i, int y, int x) => x == i ? 255 : y == 0 ? 128 : 0;

    [Fact]
    public void ConvertsTheOriginalLayoutWithRoadsAsOneAndTestLabelsInLabelsTs()
    {
        using var run = new ConversionRun();
        string root = run.InSource("road_segmentation_ideal");
        foreach (var (split, names) in new[] { ("training", new[] { "img-1", "img-2" }), ("testing", new[] { "img-9" }) })
            for (int n = 0; n < names.Length; n++)
            {
                int i = split == "training" ? n : 5;
                SourceFiles.RgbPng(Path.Combine(root, split, "input", names[n] + ".png"), 4, 6, (y, x, c) => Colour(i, y, x, c));
                SourceFiles.GrayPng(Path.Combine(root, split, "output", names[n] + ".png"), 4, 6, (y, x) => Mask(i, y, x));
            }
        // An image without a mask is not used (spec §2: only files present in output).
        SourceFiles.RgbPng(Path.Combine(root, "training", "input", "img-7.png"), 4, 6, (y, x, c) => 0);

        DatasetDescription dataset = run.Convert(new Task120MassRoadsSegConverter());

        Assert.Equal(["img-1", "img-2"], dataset.Training.Select(c => c.Id));
        Assert.Equal(["img-9"], dataset.Test.Select(c => c.Id));
        Assert.Equal(["Red", "Green", "Blue"], dataset.Channels);
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "street" }, dataset.Labels);
        for (int c = 0; c < 3; c++)
        {
            Image channel = run.Read("imagesTr", $"img-2_{c:D4}.nii.gz");
            Assert.Equal([1, 4, 6], channel.Shape);
            Assert.Equal([999, 1, 1], channel.Geometry.Spacing);
            Assert.Equal(Enumerable.Range(0, 24).Select(p => (float)Colour(1, p / 6, p % 6, c)), channel.Data);
        }
        Assert.Equal(Enumerable.Range(0, 24).Select(p => p % 6 == 1 ? 1f : 0f), run.Read("labelsTr", "img-2.nii.gz").Data);
        Assert.Equal(Enumerable.Range(0, 24).Select(p => p % 6 == 5 ? 1f : 0f), run.Read("labelsTs", "img-9.nii.gz").Data);
        Assert.False(File.Exists(run.InTask("imagesTr", "img-7_0000.nii.gz")));
    }

    [Fact]
    public void MaskWithoutItsImageIsAnError()
    {
        using var run = new ConversionRun();
        SourceFiles.GrayPng(run.InSource("training", "output", "x.png"), 2, 2, (y, x) => 0);
        Directory.CreateDirectory(run.InSource("training", "input"));

        Assert.Equal($"{run.InSource("training", "output", "x.png")}: no image of that name in {run.InSource("training", "input")}",
            run.Fails(new Task120MassRoadsSegConverter()));
    }
}
