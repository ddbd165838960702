using BitMiracle.LibTiff.Classic;
using NnUNet.Converters.NaturalImages;
using NnUNet.Converters.TiffStacks;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.Conversion;

namespace NnUNet.Tests.Converters;

/// <summary>tiff2d and tiff3d on generated folder pairs: bit depths, stacks, spacing sources and bad input.</summary>
public class TiffConverterTests
{
    [Theory]
    [InlineData(16, SampleFormat.UINT, 60000.0, NiftiDataType.UInt16)]
    [InlineData(16, SampleFormat.INT, -20000.0, NiftiDataType.Int16)]
    [InlineData(32, SampleFormat.INT, 5_000_000.0, NiftiDataType.Float32)]
    [InlineData(32, SampleFormat.IEEEFP, 0.125, NiftiDataType.Float32)]
    public void Tiff2dKeepsValuesOfEachBitDepth(int bits, SampleFormat format, double scale, NiftiDataType stored)
    {
        using var run = new ConversionRun();
        double Value(int y, int x) => scale * ((y * 3 + x) % 5) / 4;
        SourceFiles.Tiff(run.InSource("images", "c1.tif"), 1, 4, 3, (z, y, x, c) => Value(y, x), bits, format);
        SourceFiles.Tiff(run.InSource("labels", "c1.tif"), 1, 4, 3, (z, y, x, c) => x % 2, bits: 16);

        DatasetDescription dataset = run.Convert(new Tiff2dConverter(), new() { ["modality"] = ["EM"] });

        Image image = run.Read("imagesTr", "c1_0000.nii.gz");
        Assert.Equal([1, 4, 3], image.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(p => (float)Value(p / 3, p % 3)), image.Data);
        Assert.Equal(stored, NiftiReader.ReadHeader(run.InTask("imagesTr", "c1_0000.nii.gz")).DataType);
        Assert.Equal(["EM"], dataset.Channels);
        Assert.Equal(Enumerable.Range(0, 12).Select(p => (float)(p % 3 % 2)), run.Read("labelsTr", "c1.nii.gz").Data);
    }

    [Fact]
    public void Tiff2dRefusesStacksAndUnsupportedBitDepths()
    {
        using var run = new ConversionRun();
        SourceFiles.Tiff(run.InSource("images", "a.tiff"), 3, 4, 4, (z, y, x, c) => 1);
        SourceFiles.Tiff(run.InSource("labels", "a.tiff"), 3, 4, 4, (z, y, x, c) => 0);
        Assert.Equal($"{run.InSource("images", "a.tiff")}: a stack of 3 pages, not a 2D image; convert stacks with tiff3d", run.Fails(new Tiff2dConverter()));

        SourceFiles.Tiff(run.InSource("images", "a.tiff"), 1, 4, 4, (z, y, x, c) => 1, bits: 64, format: SampleFormat.IEEEFP);
        Assert.StartsWith($"{run.InSource("images", "a.tiff")}: unsupported TIFF: 64-bit float samples", run.Fails(new Tiff2dConverter()));
    }

    /// <summary>Two stacks of 4 pages; a is 16-bit with instance-like labels 0..2, b float.</summary>
    static void Stacks(ConversionRun run)
    {
        SourceFiles.Tiff(run.InSource("images", "a.tif"), 4, 3, 5, (z, y, x, c) => 1000 * z + 10 * y + x, bits: 16);
        SourceFiles.Tiff(run.InSource("labels", "a.tif"), 4, 3, 5, (z, y, x, c) => (z + x) % 3);
        SourceFiles.Tiff(run.InSource("images", "b.tif"), 4, 3, 5, (z, y, x, c) => z - 0.5 * y, bits: 32, format: SampleFormat.IEEEFP);
        SourceFiles.Tiff(run.InSource("labels", "b.tif"), 4, 3, 5, (z, y, x, c) => z % 2);
    }

    [Fact]
    public void Tiff3dKeepsStacksAndAnisotropicSpacingFromOptionOrSidecar()
    {
        using var run = new ConversionRun();
        Stacks(run);
        File.WriteAllText(run.InSource("images", "b.json"), """{"spacing": [3.0, 0.4, 0.2]}""");
        File.WriteAllText(run.InSource("labels", "b.json"), """{"spacing": [3.0, 0.4, 0.2]}""");

        DatasetDescription dataset = run.Convert(new Tiff3dConverter(), new() { ["spacing"] = ["2.5", "0.5", "0.5"] });

        Assert.Equal(["a", "b"], dataset.Training.Select(c => c.Id));
        Image a = run.Read("imagesTr", "a_0000.nii.gz"), b = run.Read("imagesTr", "b_0000.nii.gz");
        Assert.Equal([4, 3, 5], a.Shape);
        // NIfTI stores spacing as float32.
        Assert.Equal([2.5, 0.5, 0.5], a.Geometry.Spacing);
        Assert.Equal([3.0, 0.4, 0.2], b.Geometry.Spacing, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal([3.0, 0.4, 0.2], run.Read("labelsTr", "b.nii.gz").Geometry.Spacing, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (float)(1000 * (i / 15) + 10 * (i / 5 % 3) + i % 5)), a.Data);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (float)(i / 15 - 0.5 * (i / 5 % 3))), b.Data);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (float)((i / 15 + i % 5) % 3)), run.Read("labelsTr", "a.nii.gz").Data);
        Assert.Equal(NiftiDataType.UInt16, NiftiReader.ReadHeader(run.InTask("imagesTr", "a_0000.nii.gz")).DataType);
    }

    [Fact]
    public void Tiff3dWithoutSpacingOrWithDisagreeingLabelSpacingIsRefused()
    {
        using var run = new ConversionRun();
        Stacks(run);
        Assert.Equal($"{run.InSource("images", "a.tif")}: no spacing: write a.json with {{\"spacing\": [z, y, x]}} beside it or pass --spacing Z Y X",
            run.Fails(new Tiff3dConverter()));

        File.WriteAllText(run.InSource("labels", "b.json"), """{"spacing": [1, 1, 1]}""");
        Assert.Equal($"{run.InSource("labels", "b.json")}: spacing [1, 1, 1] differs from its image's [2, 0.5, 0.5]",
            run.Fails(new Tiff3dConverter(), new() { ["spacing"] = ["2", "0.5", "0.5"] }));

        File.WriteAllText(run.InSource("images", "a.json"), """{"spacing": [1, 0]}""");
        Assert.StartsWith($"{run.InSource("images", "a.json")}: expected {{\"spacing\": [z, y, x]}}", run.Fails(new Tiff3dConverter()));
    }

    [Fact]
    public void Tiff3dStackOfOtherDepthThanItsLabelNamesTheLabel()
    {
        using var run = new ConversionRun();
        Stacks(run);
        SourceFiles.Tiff(run.InSource("labels", "b.tif"), 3, 3, 5, (z, y, x, c) => 0);

        Assert.Equal($"{run.InSource("labels", "b.tif")}: label size 3 x 3 x 5 (z x y x x) differs from its image {run.InSource("images", "b.tif")}, 4 x 3 x 5",
            run.Fails(new Tiff3dConverter(), new() { ["spacing"] = ["1", "1", "1"] }));
    }
}
