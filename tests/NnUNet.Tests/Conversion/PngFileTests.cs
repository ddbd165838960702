using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Conversion;

/// <summary>PNG reading: stored values for every colour type and depth, and one clear error per bad file.</summary>
public class PngFileTests
{
    [Fact]
    public void Gray8KeepsValuesAndShape()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("a.png");
        SourceFiles.GrayPng(path, 4, 5, (y, x) => y * 50 + x * 3);

        SourceImage image = PngFile.Read(path);

        Assert.Equal([1, 4, 5], image.Shape);
        Assert.Equal(1, image.Channels);
        Assert.Equal(SourceSampleType.UInt8, image.SampleType);
        for (int y = 0; y < 4; y++)
        for (int x = 0; x < 5; x++)
            Assert.Equal(y * 50 + x * 3, image.Data[y * 5 + x]);
    }

    [Fact]
    public void Gray16KeepsSixteenBitValues()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("a.png");
        SourceFiles.Gray16Png(path, 3, 4, (y, x) => 60000 - y * 1000 - x * 7);

        SourceImage image = PngFile.Read(path);

        Assert.Equal(SourceSampleType.UInt16, image.SampleType);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)(60000 - i / 4 * 1000 - i % 4 * 7)), image.Data);
    }

    [Fact]
    public void RgbBecomesThreePlanarChannels()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("a.png");
        SourceFiles.RgbPng(path, 2, 3, (y, x, c) => 10 * c + 3 * y + x);

        SourceImage image = PngFile.Read(path);

        Assert.Equal(3, image.Channels);
        for (int c = 0; c < 3; c++)
            Assert.Equal(Enumerable.Range(0, 6).Select(i => (float)(10 * c + 3 * (i / 3) + i % 3)), image.Channel(c).ToArray());
    }

    [Fact]
    public void SixteenBitRgbAndPaletteAndOpaqueAlphaDecodeToColourValues()
    {
        using var temp = new TempDirectory();
        string rgb16 = temp.Combine("rgb16.png"), palette = temp.Combine("palette.png"), grayAlpha = temp.Combine("la.png");
        File.WriteAllBytes(rgb16, PngBuilder.Encode(2, 1, 16, 2, (y, x) => [1000 + x, 2000 + x, 65535 - x]));
        File.WriteAllBytes(palette, PngBuilder.Encode(3, 1, 4, 3, (y, x) => [2 - x], palette: [10, 20, 30, 40, 50, 60, 70, 80, 90]));
        File.WriteAllBytes(grayAlpha, PngBuilder.Encode(2, 1, 8, 4, (y, x) => [7 + x, 255]));

        Assert.Equal([1000, 1001, 2000, 2001, 65535, 65534], PngFile.Read(rgb16).Data);
        Assert.Equal([70, 40, 10, 80, 50, 20, 90, 60, 30], PngFile.Read(palette).Data);
        SourceImage la = PngFile.Read(grayAlpha);
        Assert.Equal(1, la.Channels);
        Assert.Equal([7, 8], la.Data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void GrayBelowEightBitsKeepsTheStoredSmallValues(int bitDepth)
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("mask.png");
        int max = (1 << bitDepth) - 1;
        File.WriteAllBytes(path, PngBuilder.Encode(9, 2, bitDepth, 0, (y, x) => [(x + y) % (max + 1)]));

        SourceImage image = PngFile.Read(path);

        Assert.Equal(Enumerable.Range(0, 18).Select(i => (float)((i % 9 + i / 9) % (max + 1))), image.Data);
    }

    [Fact]
    public void TransparentPixelIsRefusedNamingTheFileAndPixel()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("rgba.png");
        SourceFiles.RgbaPng(path, 2, 2, (y, x, c) => c < 3 ? 200 : y == 1 && x == 0 ? 128 : 255);

        var error = Assert.Throws<InvalidInputException>(() => PngFile.Read(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.True(error.Message.Contains("transparent pixel (y=1, x=0)"), error.Message);
    }

    [Fact]
    public void OpaqueAlphaIsDroppedAndPaletteTransparencyIsRefused()
    {
        using var temp = new TempDirectory();
        string rgba = temp.Combine("rgba.png"), palette = temp.Combine("palette.png");
        SourceFiles.RgbaPng(rgba, 1, 2, (y, x, c) => c < 3 ? 10 * c + x : 255);
        File.WriteAllBytes(palette, PngBuilder.Encode(2, 1, 8, 3, (y, x) => [x], palette: [1, 2, 3, 4, 5, 6], transparency: [255, 0]));

        SourceImage opaque = PngFile.Read(rgba);
        Assert.Equal(3, opaque.Channels);
        Assert.Equal([0, 1, 10, 11, 20, 21], opaque.Data);
        Assert.Contains("8-bit palette PNG with a transparent pixel (y=0, x=1)", Assert.Throws<InvalidInputException>(() => PngFile.Read(palette)).Message);
    }

    [Fact]
    public void HugeHeaderIsRefusedBeforeDecoding()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("huge.png");
        File.WriteAllBytes(path, PngBuilder.HeaderOnly(100_000, 100_000));

        var error = Assert.Throws<InvalidInputException>(() => PngFile.Read(path));

        Assert.Equal($"{path}: the header claims 100000 x 100000 pixels, beyond the limit of 32767 per side; refused before decoding", error.Message);
        // Within the side limit, the pixel count limit applies.
        File.WriteAllBytes(path, PngBuilder.HeaderOnly(30_000, 30_000));
        Assert.Contains("beyond the limit of 268435456 pixels per image", Assert.Throws<InvalidInputException>(() => PngFile.ReadHeader(path)).Message);
    }

    [Fact]
    public void TruncatedFileIsReportedAsTruncated()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("cut.png");
        SourceFiles.GrayPng(path, 40, 40, (y, x) => (y * 7 + x * 13) % 256);
        SourceFiles.Truncate(path, 0.6);

        var error = Assert.Throws<InvalidInputException>(() => PngFile.Read(path));

        Assert.StartsWith($"{path}: truncated PNG", error.Message);
    }

    [Fact]
    public void CorruptImageDataIsOneErrorNamingTheFile()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("crc.png");
        byte[] bytes = PngBuilder.Encode(8, 8, 8, 0, (y, x) => [x * y]);
        int idat = bytes.AsSpan().IndexOf("IDAT"u8);
        bytes[idat + 6] ^= 0xFF; // damage the compressed data; the chunk CRC no longer matches
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidInputException>(() => PngFile.Read(path));

        Assert.StartsWith($"{path}: cannot decode the PNG image data", error.Message);
    }

    [Fact]
    public void NotAPngAndInvalidHeaderCombinationsAreRefused()
    {
        using var temp = new TempDirectory();
        string text = temp.Combine("text.png"), badDepth = temp.Combine("bad.png");
        File.WriteAllText(text, "hello, I am not an image");
        File.WriteAllBytes(badDepth, PngBuilder.HeaderOnly(4, 4, bitDepth: 16, colourType: 3));

        Assert.Equal($"{text}: not a PNG file (the PNG signature is missing)", Assert.Throws<InvalidInputException>(() => PngFile.Read(text)).Message);
        Assert.Equal($"{badDepth}: unsupported PNG: bit depth 16 with colour type 3 is not a valid PNG combination",
            Assert.Throws<InvalidInputException>(() => PngFile.Read(badDepth)).Message);
    }
}
