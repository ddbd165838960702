using NnUNet.Converters.NaturalImages;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.Conversion;

namespace NnUNet.Tests.Converters;

/// <summary>png2d on generated folder pairs: values, shapes, spacing, ids, label handling and every bad-input case.</summary>
public class Png2dConverterTests
{
    static int Pixel(int caseIndex, int y, int x) => (caseIndex * 40 + y * 9 + x * 5) % 256;

    static int LabelValue(int y, int x) => (y + x) % 3;

    /// <summary>Gray cases case0.. (6 x 7) with labels 0..2, and one test case with a label.</summary>
    static void GrayDataset(ConversionRun run, int training = 3)
    {
        for (int i = 0; i < training; i++)
        {
            SourceFiles.GrayPng(run.InSource("images", $"case{i}.png"), 6, 7, (y, x) => Pixel(i, y, x));
            SourceFiles.GrayPng(run.InSource("labels", $"case{i}.png"), 6, 7, LabelValue);
        }
        SourceFiles.GrayPng(run.InSource("imagesTs", "unseen.png"), 6, 7, (y, x) => Pixel(9, y, x));
        SourceFiles.GrayPng(run.InSource("labelsTs", "unseen.png"), 6, 7, LabelValue);
    }

    [Fact]
    public void GrayImagesBecomePseudo3DWithTheirValuesIdsAndFoundLabels()
    {
        using var run = new ConversionRun();
        GrayDataset(run);

        DatasetDescription dataset = run.Convert(new Png2dConverter());

        Assert.Equal(["case0", "case1", "case2"], dataset.Training.Select(c => c.Id));
        Assert.Equal(["unseen"], dataset.Test.Select(c => c.Id));
        Assert.Equal(["gray"], dataset.Channels);
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "label 1", [2] = "label 2" }, dataset.Labels);
        for (int i = 0; i < 3; i++)
        {
            Image image = run.Read("imagesTr", $"case{i}_0000.nii.gz"), label = run.Read("labelsTr", $"case{i}.nii.gz");
            Assert.Equal([1, 6, 7], image.Shape);
            Assert.Equal([999, 1, 1], image.Geometry.Spacing);
            Assert.Equal(Enumerable.Range(0, 42).Select(p => (float)Pixel(i, p / 7, p % 7)), image.Data);
            Assert.Equal(Enumerable.Range(0, 42).Select(p => (float)LabelValue(p / 7, p % 7)), label.Data);
            Assert.Equal(NiftiDataType.UInt8, NiftiReader.ReadHeader(run.InTask("imagesTr", $"case{i}_0000.nii.gz")).DataType);
        }
        Assert.Equal(Enumerable.Range(0, 42).Select(p => (float)Pixel(9, p / 7, p % 7)), run.Read("imagesTs", "unseen_0000.nii.gz").Data);
        Assert.Equal(Enumerable.Range(0, 42).Select(p => (float)LabelValue(p / 7, p % 7)), run.Read("labelsTs", "unseen.nii.gz").Data);
    }

    [Fact]
    public void RgbImagesBecomeThreeChannelsAndAThresholdMakesBinaryLabels()
    {
        using var run = new ConversionRun();
        for (int i = 0; i < 2; i++)
        {
            SourceFiles.RgbPng(run.InSource("images", $"road{i}.png"), 5, 4, (y, x, c) => 60 * c + 10 * y + x + i);
            SourceFiles.GrayPng(run.InSource("labels", $"road{i}.png"), 5, 4, (y, x) => x == 2 ? 255 : 0);
        }

        DatasetDescription dataset = run.Convert(new Png2dConverter(), new()
        {
            ["label-threshold"] = ["255"],
            ["spacing"] = ["0.5", "0.25"],
            ["labels"] = ["0=background,1=street"],
        });

        Assert.Equal(["Red", "Green", "Blue"], dataset.Channels);
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "street" }, dataset.Labels);
        for (int c = 0; c < 3; c++)
        {
            Image channel = run.Read("imagesTr", $"road1_{c:D4}.nii.gz");
            Assert.Equal([999, 0.5, 0.25], channel.Geometry.Spacing);
            Assert.Equal(Enumerable.Range(0, 20).Select(p => (float)(60 * c + 10 * (p / 4) + p % 4 + 1)), channel.Data);
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(p => p % 4 == 2 ? 1f : 0f), run.Read("labelsTr", "road0.nii.gz").Data);
    }

    [Fact]
    public void ColourTableMapsRgbLabels()
    {
        using var run = new ConversionRun();
        SourceFiles.GrayPng(run.InSource("images", "a.png"), 2, 3, (y, x) => x);
        SourceFiles.RgbPng(run.InSource("labels", "a.png"), 2, 3, (y, x, c) => x == 0 ? 0 : x == 1 ? (c == 0 ? 255 : 0) : (c == 2 ? 255 : 0));
        File.WriteAllLines(run.InSource("colours.txt"), ["0 0 0 0 background", "1 255 0 0 vessel", "2 0 0 255 lesion"]);

        DatasetDescription dataset = run.Convert(new Png2dConverter(), new() { ["colour-table"] = [run.InSource("colours.txt")] });

        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "vessel", [2] = "lesion" }, dataset.Labels);
        Assert.Equal([0, 1, 2, 0, 1, 2], run.Read("labelsTr", "a.nii.gz").Data);
    }

    [Fact]
    public void LabelValueOutsideTheDeclaredSetNamesTheFileAndValue()
    {
        using var run = new ConversionRun();
        GrayDataset(run);
        SourceFiles.GrayPng(run.InSource("labels", "case1.png"), 6, 7, (y, x) => y == 4 && x == 3 ? 5 : 0);

        string error = run.Fails(new Png2dConverter(), new() { ["labels"] = ["0=background,1=a,2=b"] });

        Assert.Equal($"{run.InSource("labels", "case1.png")}: label value 5 at pixel (y=4, x=3) is not a declared label (0 background, 1 a, 2 b)", error);
    }

    [Fact]
    public void UndeclaredLabelsWithGapsAreRefused()
    {
        using var run = new ConversionRun();
        SourceFiles.GrayPng(run.InSource("images", "a.png"), 2, 2, (y, x) => x);
        SourceFiles.GrayPng(run.InSource("labels", "a.png"), 2, 2, (y, x) => x * 255);

        Assert.Equal($"{run.Source}: the label values found (no labels declared): labels 0, 255 are not 0, 1, 2, ... without gaps, as nnU-Net needs (0 = background)",
            run.Fails(new Png2dConverter()));
    }

    [Fact]
    public void ImageAndLabelOfDifferentSizeNameTheLabel()
    {
        using var run = new ConversionRun();
        GrayDataset(run);
        SourceFiles.GrayPng(run.InSource("labels", "case2.png"), 6, 8, LabelValue);

        Assert.Equal($"{run.InSource("labels", "case2.png")}: label size 1 x 6 x 8 (z x y x x) differs from its image {run.InSource("images", "case2.png")}, 1 x 6 x 7",
            run.Fails(new Png2dConverter()));
    }

    [Fact]
    public void MissingLabelNamesTheImage()
    {
        using var run = new ConversionRun();
        GrayDataset(run);
        File.Delete(run.InSource("labels", "case1.png"));

        Assert.StartsWith($"{run.InSource("images", "case1.png")}: missing label", run.Fails(new Png2dConverter()));
    }

    [Fact]
    public void TruncatedOrUnreadableFilesNameTheFile()
    {
        using var run = new ConversionRun();
        GrayDataset(run);
        SourceFiles.GrayPng(run.InSource("images", "case0.png"), 6, 7, (y, x) => Pixel(0, y, x));
        SourceFiles.Truncate(run.InSource("images", "case0.png"), 0.5);
        Assert.StartsWith($"{run.InSource("images", "case0.png")}: truncated PNG", run.Fails(new Png2dConverter()));

        File.WriteAllText(run.InSource("images", "case0.png"), "not an image at all");
        Assert.Equal($"{run.InSource("images", "case0.png")}: not a PNG file (the PNG signature is missing)", run.Fails(new Png2dConverter()));
    }

    [Fact]
    public void UnsupportedColourTypeAndHugeHeaderAreRefused()
    {
        using var run = new ConversionRun();
        GrayDataset(run);
        File.WriteAllBytes(run.InSource("images", "case1.png"), PngBuilder.Encode(7, 6, 8, 4, (y, x) => [50, y == 2 ? 100 : 255]));
        Assert.Equal($"{run.InSource("images", "case1.png")}: 8-bit gray+alpha PNG with a transparent pixel (y=2, x=0); nnU-Net images have no alpha channel: save it without transparency",
            run.Fails(new Png2dConverter()));

        SourceFiles.GrayPng(run.InSource("images", "case1.png"), 6, 7, (y, x) => 1);
        File.WriteAllBytes(run.InSource("labels", "case2.png"), PngBuilder.HeaderOnly(1 << 20, 4));
        Assert.Equal($"{run.InSource("labels", "case2.png")}: the header claims 1048576 x 4 pixels, beyond the limit of 32767 per side; refused before decoding",
            run.Fails(new Png2dConverter()));
    }

    [Fact]
    public void CasesWithDifferentChannelCountsAreRefused()
    {
        using var run = new ConversionRun();
        GrayDataset(run);
        SourceFiles.RgbPng(run.InSource("images", "case2.png"), 6, 7, (y, x, c) => 1);

        Assert.Equal($"{run.InSource("images", "case2.png")}: 3 channel(s), but {run.InSource("images", "case0.png")} has 1; every case needs the same channels",
            run.Fails(new Png2dConverter()));
    }
}
