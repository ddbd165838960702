using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Reads TIFF files: a single image or a multi-page stack (pages become z), gray or RGB, 8/16/32-bit integer
/// (signed or not) or 32-bit float samples, in strips, contiguous or planar. Every page's directory is checked
/// (sizes against <see cref="SourceImageLimits"/>, sample format, equal pages) before any strip is read.
/// Reduced-resolution pages (thumbnails) are skipped. Values are the stored samples (MINISWHITE is not inverted).
/// </summary>
public static class TiffFile
{
    /// <summary>The directory facts of every full-resolution page, checked; no pixel data is read.</summary>
    public static SourceImageHeader ReadHeader(string path)
    {
        using Tiff tiff = Open(path);
        return Inspect(tiff, path).Header;
    }

    /// <summary>Decodes every full-resolution page; throws <see cref="InvalidInputException"/> naming the file.</summary>
    public static SourceImage Read(string path)
    {
        using Tiff tiff = Open(path);
        Layout layout = Inspect(tiff, path);
        SourceImageHeader h = layout.Header;
        int width = h.Shape[2], height = h.Shape[1], pages = h.Shape[0], channels = h.Channels;
        var data = new float[(long)channels * pages * height * width];
        int bytesPerSample = layout.BitsPerSample / 8;
        bool separate = layout.Separate && channels > 1;
        var row = new byte[Math.Max(tiff.ScanlineSize(), width * bytesPerSample * (separate ? 1 : channels))];
        long planeSize = (long)pages * height * width;
        for (int z = 0; z < pages; z++)
        {
            Guard(path, () => tiff.SetDirectory(layout.Directories[z]), $"cannot read the directory of page {z}");
            for (int plane = 0; plane < (separate ? channels : 1); plane++)
            for (int y = 0; y < height; y++)
            {
                int rowIndex = y, planeIndex = plane;
                Guard(path, () => tiff.ReadScanline(row, rowIndex, (short)planeIndex), $"cannot read row {y} of page {z}");
                long start = ((long)z * height + y) * width;
                if (separate) Decode(row, h.SampleType, data, planeSize * plane + start, width, 1, planeSize);
                else Decode(row, h.SampleType, data, start, width, channels, planeSize);
            }
        }
        return new SourceImage(path, data, channels, h.Shape, h.SampleType);
    }

    sealed record Layout(SourceImageHeader Header, short[] Directories, int BitsPerSample, bool Separate);

    static Tiff Open(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found");
        Span<byte> magic = stackalloc byte[4];
        try
        {
            using var file = File.OpenRead(path);
            if (file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || !(magic.SequenceEqual("II*\0"u8) || magic.SequenceEqual("MM\0*"u8)))
                throw new InvalidInputException($"{path}: not a TIFF file (no TIFF signature; BigTIFF is not supported)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot open the file ({e.Message})", e);
        }
        TiffMessages.Reset();
        Tiff? tiff = null;
        try { tiff = Tiff.Open(path, "r"); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw Corrupt(path, $"cannot read the TIFF header ({e.Message})", e); }
        return tiff ?? throw Corrupt(path, $"cannot read the TIFF header ({TiffMessages.LastError})");
    }

    /// <summary>Reads and checks every directory; the full-resolution pages must agree in size and sample format.</summary>
    static Layout Inspect(Tiff tiff, string path)
    {
        int count = 0;
        Guard(path, () => (count = tiff.NumberOfDirectories()) > 0, "cannot count the pages");
        if (count > SourceImageLimits.MaxPages)
            throw new InvalidInputException($"{path}: the file claims {count} pages, beyond the limit of {SourceImageLimits.MaxPages}; refused before decoding");
        var pages = new List<short>();
        PageFormat? first = null;
        for (short d = 0; d < count; d++)
        {
            short directory = d;
            Guard(path, () => tiff.SetDirectory(directory), $"cannot read the directory of page {d}");
            if ((Field(tiff, TiffTag.SUBFILETYPE, 0) & (int)FileType.REDUCEDIMAGE) != 0) continue;
            PageFormat format = PageFormat.Read(tiff, path, pages.Count);
            if (first is null) first = format;
            else if (format != first)
                throw new InvalidInputException($"{path}: page {pages.Count} is {format.Describe()} but page 0 is {first.Describe()}; every page of a stack must match");
            pages.Add(d);
        }
        if (first is null) throw new InvalidInputException($"{path}: no full-resolution image in the file");
        SourceImageLimits.Check(path, first.Width, first.Height, pages.Count, first.Channels);
        var header = new SourceImageHeader(path, first.Channels, [pages.Count, (int)first.Height, (int)first.Width], first.SampleType);
        return new Layout(header, [.. pages], first.BitsPerSample, first.Separate);
    }

    /// <summary>One page's directory facts; records compare by value, so pages are checked for equality.</summary>
    sealed record PageFormat(long Width, long Height, int Channels, int BitsPerSample, SourceSampleType SampleType, bool Separate)
    {
        public static PageFormat Read(Tiff tiff, string path, int page)
        {
            long width = LongField(tiff, TiffTag.IMAGEWIDTH), height = LongField(tiff, TiffTag.IMAGELENGTH);
            SourceImageLimits.Check(path, width, height, 1, 1);
            int bits = Field(tiff, TiffTag.BITSPERSAMPLE, 1), samples = Field(tiff, TiffTag.SAMPLESPERPIXEL, 1);
            var format = (SampleFormat)Field(tiff, TiffTag.SAMPLEFORMAT, (int)SampleFormat.UINT);
            var photometric = (Photometric)Field(tiff, TiffTag.PHOTOMETRIC, samples == 3 ? (int)Photometric.RGB : (int)Photometric.MINISBLACK);
            string where = page > 0 ? $" (page {page})" : "";
            SourceSampleType type = (bits, format) switch
            {
                (8, SampleFormat.UINT) => SourceSampleType.UInt8,
                (8, SampleFormat.INT) => SourceSampleType.Int8,
                (16, SampleFormat.UINT) => SourceSampleType.UInt16,
                (16, SampleFormat.INT) => SourceSampleType.Int16,
                (32, SampleFormat.UINT) => SourceSampleType.UInt32,
                (32, SampleFormat.INT) => SourceSampleType.Int32,
                (32, SampleFormat.IEEEFP) => SourceSampleType.Float32,
                _ => throw new InvalidInputException(
                    $"{path}: unsupported TIFF{where}: {bits}-bit {Describe(format)} samples (supported: 8-, 16- and 32-bit integers, 32-bit float)"),
            };
            bool supportedColour = (samples, photometric) is (1, Photometric.MINISBLACK or Photometric.MINISWHITE) or (3, Photometric.RGB);
            if (!supportedColour)
                throw new InvalidInputException(
                    $"{path}: unsupported TIFF{where}: {samples} sample(s) per pixel with photometric {photometric} (supported: gray, RGB; no palette, alpha or YCbCr)");
            if (tiff.IsTiled())
                throw new InvalidInputException($"{path}: unsupported TIFF{where}: tiled layout (save it in strips)");
            bool separate = (PlanarConfig)Field(tiff, TiffTag.PLANARCONFIG, (int)PlanarConfig.CONTIG) == PlanarConfig.SEPARATE;
            return new PageFormat(width, height, samples, bits, type, separate);
        }

        public string Describe() => $"{Width} x {Height}, {Channels} sample(s) of {BitsPerSample}-bit {SampleType}";

        static string Describe(SampleFormat f) => f switch
        {
            SampleFormat.UINT => "unsigned integer",
            SampleFormat.INT => "signed integer",
            SampleFormat.IEEEFP => "float",
            _ => f.ToString().ToLowerInvariant(),
        };
    }

    static int Field(Tiff tiff, TiffTag tag, int fallback)
    {
        FieldValue[]? value = tiff.GetField(tag);
        return value is { Length: > 0 } ? value[0].ToInt() : fallback;
    }

    static long LongField(Tiff tiff, TiffTag tag)
    {
        FieldValue[]? value = tiff.GetField(tag);
        return value is { Length: > 0 } ? value[0].ToUInt() : 0;
    }

    /// <summary>Runs a LibTiff call that reports failure by returning false (or by throwing on a corrupt file).</summary>
    static void Guard(string path, Func<bool> call, string what)
    {
        TiffMessages.Reset();
        bool ok;
        try { ok = call(); }
        catch (Exception e) when (e is not OutOfMemoryException and not InvalidInputException)
        {
            throw Corrupt(path, $"{what} ({e.Message}); the file is truncated or corrupt", e);
        }
        if (!ok) throw Corrupt(path, $"{what} ({TiffMessages.LastError}); the file is truncated or corrupt");
    }

    static InvalidInputException Corrupt(string path, string problem, Exception? inner = null) =>
        inner is null ? new($"{path}: {problem}") : new($"{path}: {problem}", inner);

    /// <summary>Converts one decoded row (native byte order) of interleaved samples into the planar result.</summary>
    static void Decode(byte[] row, SourceSampleType type, float[] data, long start, int width, int channels, long planeSize)
    {
        int n = width * channels;
        switch (type)
        {
            case SourceSampleType.UInt8: Scatter<byte>(row, n, data, start, channels, planeSize, v => v); break;
            case SourceSampleType.Int8: Scatter<sbyte>(row, n, data, start, channels, planeSize, v => v); break;
            case SourceSampleType.UInt16: Scatter<ushort>(row, n, data, start, channels, planeSize, v => v); break;
            case SourceSampleType.Int16: Scatter<short>(row, n, data, start, channels, planeSize, v => v); break;
            case SourceSampleType.UInt32: Scatter<uint>(row, n, data, start, channels, planeSize, v => v); break;
            case SourceSampleType.Int32: Scatter<int>(row, n, data, start, channels, planeSize, v => v); break;
            default: Scatter<float>(row, n, data, start, channels, planeSize, v => v); break;
        }
    }

    static void Scatter<T>(byte[] row, int count, float[] data, long start, int channels, long planeSize, Func<T, float> convert) where T : unmanaged
    {
        ReadOnlySpan<T> samples = MemoryMarshal.Cast<byte, T>(row.AsSpan())[..count];
        for (int i = 0; i < count; i++)
            data[planeSize * (i % channels) + start + i / channels] = convert(samples[i]);
    }
}
