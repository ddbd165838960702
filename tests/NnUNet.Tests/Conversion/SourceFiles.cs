using BitMiracle.LibTiff.Classic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace NnUNet.Tests.Conversion;

/// <summary>Synthetic source images for the converter tests: PNG through ImageSharp, TIFF through LibTiff.NET.</summary>
internal static class SourceFiles
{
    /// <summary>An 8-bit gray PNG; value(y, x) must be 0..255.</summary>
    public static void GrayPng(string path, int height, int width, Func<int, int, int> value) =>
        Save(path, height, width, (y, x) => new L8((byte)value(y, x)), PngColorType.Grayscale, PngBitDepth.Bit8);

    /// <summary>A 16-bit gray PNG.</summary>
    public static void Gray16Png(string path, int height, int width, Func<int, int, int> value) =>
        Save(path, height, width, (y, x) => new L16((ushort)value(y, x)), PngColorType.Grayscale, PngBitDepth.Bit16);

    /// <summary>An 8-bit RGB PNG; value(y, x, channel).</summary>
    public static void RgbPng(string path, int height, int width, Func<int, int, int, int> value) =>
        Save(path, height, width, (y, x) => new Rgb24((byte)value(y, x, 0), (byte)value(y, x, 1), (byte)value(y, x, 2)), PngColorType.Rgb, PngBitDepth.Bit8);

    /// <summary>An 8-bit RGBA PNG; value(y, x, channel) for channels 0..3 (3 = alpha).</summary>
    public static void RgbaPng(string path, int height, int width, Func<int, int, int, int> value) =>
        Save(path, height, width, (y, x) => new Rgba32((byte)value(y, x, 0), (byte)value(y, x, 1), (byte)value(y, x, 2), (byte)value(y, x, 3)),
            PngColorType.RgbWithAlpha, PngBitDepth.Bit8);

    static void Save<TPixel>(string path, int height, int width, Func<int, int, TPixel> pixel, PngColorType colour, PngBitDepth depth)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = new Image<TPixel>(width, height);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            image[x, y] = pixel(y, x);
        image.SaveAsPng(path, new PngEncoder { ColorType = colour, BitDepth = depth });
    }

    /// <summary>
    /// A TIFF of <paramref name="pages"/> pages (a stack when more than one), <paramref name="channels"/> samples per
    /// pixel (1 gray, 3 RGB) of the given bits and format; value(z, y, x, channel), stored as the type rounds it.
    /// </summary>
    public static void Tiff(string path, int pages, int height, int width, Func<int, int, int, int, double> value,
        int bits = 8, SampleFormat format = SampleFormat.UINT, int channels = 1, bool separatePlanes = false,
        Compression compression = Compression.NONE)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using Tiff tiff = BitMiracle.LibTiff.Classic.Tiff.Open(path, "w") ?? throw new IOException($"cannot create {path}");
        int bytes = bits / 8;
        for (int z = 0; z < pages; z++)
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, width);
            tiff.SetField(TiffTag.IMAGELENGTH, height);
            tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, channels);
            tiff.SetField(TiffTag.SAMPLEFORMAT, format);
            tiff.SetField(TiffTag.PHOTOMETRIC, channels == 3 ? Photometric.RGB : Photometric.MINISBLACK);
            tiff.SetField(TiffTag.PLANARCONFIG, separatePlanes ? PlanarConfig.SEPARATE : PlanarConfig.CONTIG);
            tiff.SetField(TiffTag.ROWSPERSTRIP, Math.Max(1, height / 2));
            tiff.SetField(TiffTag.COMPRESSION, compression);
            if (pages > 1)
            {
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tiff.SetField(TiffTag.PAGENUMBER, z, pages);
            }
            int perRow = separatePlanes ? 1 : channels;
            for (int plane = 0; plane < (separatePlanes ? channels : 1); plane++)
            for (int y = 0; y < height; y++)
            {
                var row = new byte[width * perRow * bytes];
                for (int x = 0; x < width; x++)
                for (int s = 0; s < perRow; s++)
                    Encode(value(z, y, x, separatePlanes ? plane : s), bits, format).CopyTo(row, (x * perRow + s) * bytes);
                if (!tiff.WriteScanline(row, y, (short)plane)) throw new IOException($"cannot write row {y} of {path}");
            }
            tiff.WriteDirectory();
        }
    }

    static byte[] Encode(double v, int bits, SampleFormat format) => (bits, format) switch
    {
        (8, SampleFormat.UINT) => [(byte)v],
        (8, SampleFormat.INT) => [unchecked((byte)(sbyte)v)],
        (16, SampleFormat.UINT) => BitConverter.GetBytes((ushort)v),
        (16, SampleFormat.INT) => BitConverter.GetBytes((short)v),
        (32, SampleFormat.UINT) => BitConverter.GetBytes((uint)v),
        (32, SampleFormat.INT) => BitConverter.GetBytes((int)v),
        (16, SampleFormat.IEEEFP) => BitConverter.GetBytes((Half)v),
        (32, SampleFormat.IEEEFP) => BitConverter.GetBytes((float)v),
        (64, SampleFormat.IEEEFP) => BitConverter.GetBytes(v),
        _ => throw new ArgumentException($"no test encoding for {bits}-bit {format}"),
    };

    /// <summary>
    /// A little-endian TIFF whose single directory claims <paramref name="width"/> x <paramref name="height"/> 8-bit
    /// gray pixels in one strip, but whose file holds only 16 bytes of pixel data.
    /// </summary>
    public static byte[] TiffClaiming(uint width, uint height)
    {
        // Tags (sorted): 256 width, 257 length, 258 bits, 259 compression, 262 photometric, 273 strip offsets,
        // 277 samples, 278 rows per strip, 279 strip byte counts. Type 3 = SHORT, 4 = LONG.
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, width * height),
        ];
        int ifdOffset = 8, ifdSize = 2 + entries.Length * 12 + 4, dataOffset = ifdOffset + ifdSize;
        var file = new byte[dataOffset + 16];
        "II"u8.CopyTo(file);
        BitConverter.GetBytes((ushort)42).CopyTo(file, 2);
        BitConverter.GetBytes((uint)ifdOffset).CopyTo(file, 4);
        BitConverter.GetBytes((ushort)entries.Length).CopyTo(file, ifdOffset);
        for (int i = 0; i < entries.Length; i++)
        {
            int at = ifdOffset + 2 + i * 12;
            var (tag, type, value) = entries[i];
            BitConverter.GetBytes(tag).CopyTo(file, at);
            BitConverter.GetBytes(type).CopyTo(file, at + 2);
            BitConverter.GetBytes(1u).CopyTo(file, at + 4);
            uint stored = tag == 273 ? (uint)dataOffset : value;
            if (type == 3) BitConverter.GetBytes((ushort)stored).CopyTo(file, at + 8);
            else BitConverter.GetBytes(stored).CopyTo(file, at + 8);
        }
        return file;
    }

    /// <summary>Cuts a file to <paramref name="fraction"/> of its length.</summary>
    public static void Truncate(string path, double fraction)
    {
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * fraction)]);
    }
}
