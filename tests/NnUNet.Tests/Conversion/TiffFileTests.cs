using BitMiracle.LibTiff.Classic;
using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Conversion;

/// <summary>TIFF reading: sample formats, stacks, planar layouts, and one clear error per bad file.</summary>
public class TiffFileTests
{
    public static TheoryData<int, SampleFormat, SourceSampleType, double> Formats => new()
    {
        { 8, SampleFormat.UINT, SourceSampleType.UInt8, 250 },
        { 8, SampleFormat.INT, SourceSampleType.Int8, -100 },
        { 16, SampleFormat.UINT, SourceSampleType.UInt16, 65000 },
        { 16, SampleFormat.INT, SourceSampleType.Int16, -30000 },
        { 32, SampleFormat.UINT, SourceSampleType.UInt32, 16_000_000 },
        { 32, SampleFormat.INT, SourceSampleType.Int32, -16_000_000 },
        { 32, SampleFormat.IEEEFP, SourceSampleType.Float32, -1.5e-3 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void EverySupportedSampleFormatKeepsItsValues(int bits, SampleFormat format, SourceSampleType expected, double extreme)
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("a.tif");
        double Value(int z, int y, int x, int c) => y == 2 && x == 1 ? extreme : y * 4 + x;
        SourceFiles.Tiff(path, 1, 3, 4, Value, bits, format);

        SourceImage image = TiffFile.Read(path);

        Assert.Equal(expected, image.SampleType);
        Assert.Equal([1, 3, 4], image.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)Value(0, i / 4, i % 4, 0)), image.Data);
    }

    [Fact]
    public void MultiPageStackBecomesZ()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("stack.tif");
        SourceFiles.Tiff(path, 5, 3, 2, (z, y, x, c) => 1000 * z + 10 * y + x, bits: 16);

        SourceImage image = TiffFile.Read(path);

        Assert.Equal([5, 3, 2], image.Shape);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (float)(1000 * (i / 6) + 10 * (i / 2 % 3) + i % 2)), image.Data);
        Assert.Equal([5, 3, 2], TiffFile.ReadHeader(path).Shape);
    }

    [Theory]
    [InlineData(false, Compression.NONE)]
    [InlineData(true, Compression.NONE)]
    [InlineData(false, Compression.LZW)]
    [InlineData(true, Compression.ADOBE_DEFLATE)]
    public void RgbContiguousOrPlanarAndCompressedGiveTheSameChannels(bool separate, Compression compression)
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("rgb.tif");
        SourceFiles.Tiff(path, 2, 3, 4, (z, y, x, c) => 100 * c + 20 * z + 4 * y + x, channels: 3, separatePlanes: separate, compression: compression);

        SourceImage image = TiffFile.Read(path);

        Assert.Equal(3, image.Channels);
        for (int c = 0; c < 3; c++)
            Assert.Equal(Enumerable.Range(0, 24).Select(i => (float)(100 * c + 20 * (i / 12) + 4 * (i / 4 % 3) + i % 4)), image.Channel(c).ToArray());
    }

    [Theory]
    [InlineData(64, SampleFormat.IEEEFP, "64-bit float samples")]
    [InlineData(16, SampleFormat.IEEEFP, "16-bit float samples")]
    public void UnsupportedBitDepthIsRefusedNamingIt(int bits, SampleFormat format, string described)
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("deep.tif");
        SourceFiles.Tiff(path, 1, 2, 2, (z, y, x, c) => x, bits, format);

        var error = Assert.Throws<InvalidInputException>(() => TiffFile.Read(path));

        Assert.Equal($"{path}: unsupported TIFF: {described} (supported: 8-, 16- and 32-bit integers, 32-bit float)", error.Message);
    }

    [Fact]
    public void TruncatedFileIsOneErrorNamingTheFile()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("cut.tif");
        // The directory promises 64 x 64 bytes of pixels; the file holds 16 of them.
        File.WriteAllBytes(path, SourceFiles.TiffClaiming(64, 64));

        var error = Assert.Throws<InvalidInputException>(() => TiffFile.Read(path));

        Assert.StartsWith(path + ": cannot read row 0 of page 0 (", error.Message);
        Assert.EndsWith("the file is truncated or corrupt", error.Message);
    }

    [Fact]
    public void FileCutBeforeItsDirectoryIsOneErrorNamingTheFile()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("cut.tif");
        SourceFiles.Tiff(path, 3, 16, 16, (z, y, x, c) => x * y + z, bits: 16);
        SourceFiles.Truncate(path, 0.6); // LibTiff writes each directory after its strips: the last ones are gone

        var error = Assert.Throws<InvalidInputException>(() => TiffFile.Read(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains("truncated or corrupt", error.Message);
    }

    [Fact]
    public void HugeHeaderIsRefusedBeforeAnyStripIsRead()
    {
        using var temp = new TempDirectory();
        string path = temp.Combine("huge.tif");
        File.WriteAllBytes(path, SourceFiles.TiffClaiming(100_000, 100_000));

        var error = Assert.Throws<InvalidInputException>(() => TiffFile.Read(path));

        Assert.Equal($"{path}: the header claims 100000 x 100000 pixels, beyond the limit of 32767 per side; refused before decoding", error.Message);
    }

    [Fact]
    public void PagesOfDifferentSizeAndNonTiffFilesAreRefused()
    {
        using var temp = new TempDirectory();
        string mixed = temp.Combine("mixed.tif"), text = temp.Combine("text.tif");
        SourceFiles.Tiff(mixed, 2, 3, 3, (z, y, x, c) => 1);
        using (Tiff tiff = Tiff.Open(mixed, "a")!)
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, 5);
            tiff.SetField(TiffTag.IMAGELENGTH, 3);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tiff.SetField(TiffTag.ROWSPERSTRIP, 3);
            for (int y = 0; y < 3; y++) tiff.WriteScanline(new byte[5], y);
            tiff.WriteDirectory();
        }
        File.WriteAllText(text, "plain text");

        Assert.Equal($"{mixed}: page 2 is 5 x 3, 1 sample(s) of 8-bit UInt8 but page 0 is 3 x 3, 1 sample(s) of 8-bit UInt8; every page of a stack must match",
            Assert.Throws<InvalidInputException>(() => TiffFile.Read(mixed)).Message);
        Assert.StartsWith($"{text}: not a TIFF file", Assert.Throws<InvalidInputException>(() => TiffFile.Read(text)).Message);
    }
}
