using System.Buffers.Binary;
using NnUNet.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Reads PNG files. The header and the chunk layout are checked by our own code before ImageSharp sees the
/// file: sizes beyond <see cref="SourceImageLimits"/>, invalid bit depth / colour type pairs and truncated files
/// are refused without decoding. Values are the stored samples: 16-bit stays 16-bit, gray of 1, 2 or 4 bits
/// keeps its small values (0..2^bits-1), palettes give their RGB colours. Alpha must be fully opaque and is dropped.
/// </summary>
public static class PngFile
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    // PNG specification §5.3: chunk lengths are at most 2^31 - 1.
    const uint MaxChunkLength = int.MaxValue;
    const int IhdrLength = 13;

    /// <summary>Only the PNG decoder: a file named .png that holds another format is refused, not decoded.</summary>
    static readonly Configuration PngOnly = new(new PngConfigurationModule());

    /// <summary>Pixels only: text, EXIF and ICC chunks (compressed metadata a crafted file can abuse) are not parsed.</summary>
    static readonly PngDecoder PixelsOnly = new() { IgnoreMetadata = true };

    /// <summary>Reads and checks the header and the chunk layout (up to IEND) without decoding pixels.</summary>
    public static PngHeader ReadHeader(string path)
    {
        using FileStream file = Open(path);
        return ReadHeader(file, path);
    }

    /// <summary>Decodes the file after checking its header; throws <see cref="InvalidInputException"/> naming the file.</summary>
    public static SourceImage Read(string path)
    {
        using FileStream file = Open(path);
        PngHeader header = ReadHeader(file, path);
        file.Position = 0;
        try
        {
            return header switch
            {
                { ColourType: PngHeader.Gray, BitDepth: 16 } => Decode<L16>(file, header, (p, _) => p.PackedValue, _ => true),
                { ColourType: PngHeader.Gray } => Decode<L8>(file, header, GraySample(header.BitDepth), _ => true),
                { ColourType: PngHeader.GrayAlpha, BitDepth: 16 } => Decode<La32>(file, header, (p, _) => p.L, p => p.A == ushort.MaxValue),
                { ColourType: PngHeader.GrayAlpha } => Decode<La16>(file, header, (p, _) => p.L, p => p.A == byte.MaxValue),
                { BitDepth: 16 } and { ColourType: PngHeader.Rgb } => Decode<Rgb48>(file, header, (p, c) => c == 0 ? p.R : c == 1 ? p.G : p.B, _ => true),
                { BitDepth: 16 } => Decode<Rgba64>(file, header, (p, c) => c == 0 ? p.R : c == 1 ? p.G : p.B, p => p.A == ushort.MaxValue),
                { ColourType: PngHeader.Rgb } => Decode<Rgb24>(file, header, (p, c) => c == 0 ? p.R : c == 1 ? p.G : p.B, _ => true),
                // Palette (its tRNS may add alpha) and 8-bit RGBA.
                _ => Decode<Rgba32>(file, header, (p, c) => c == 0 ? p.R : c == 1 ? p.G : p.B, p => p.A == byte.MaxValue),
            };
        }
        catch (Exception e) when (e is not InvalidInputException and not OutOfMemoryException and not OperationCanceledException)
        {
            // The header was sane, so any decoder failure (CRC, bad deflate data, a decoder flaw) is a bad file.
            throw new InvalidInputException($"{path}: cannot decode the PNG image data ({e.Message})", e);
        }
    }

    /// <summary>ImageSharp scales gray of 1, 2 or 4 bits up to 0..255; this gives back the stored value.</summary>
    static Func<L8, int, float> GraySample(int bitDepth)
    {
        if (bitDepth == 8) return (p, _) => p.PackedValue;
        int max = (1 << bitDepth) - 1;
        return (p, _) => MathF.Round(p.PackedValue * max / 255f);
    }

    static SourceImage Decode<TPixel>(Stream file, PngHeader header, Func<TPixel, int, float> sample, Func<TPixel, bool> opaque)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using Image<TPixel> image = Image.Load<TPixel>(PngOnly, file, PixelsOnly);
        if (image.Width != header.Width || image.Height != header.Height)
            throw new InvalidInputException($"{header.Path}: decoded {image.Width} x {image.Height} pixels but the header says {header.Width} x {header.Height}");
        var pixels = new TPixel[header.Width * header.Height];
        image.CopyPixelDataTo(pixels);
        int channels = header.Channels;
        var data = new float[channels * pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            TPixel p = pixels[i];
            if (!opaque(p))
                throw new InvalidInputException(
                    $"{header.Path}: {header.Describe()} PNG with a transparent pixel (y={i / header.Width}, x={i % header.Width}); " +
                    "nnU-Net images have no alpha channel: save it without transparency");
            for (int c = 0; c < channels; c++) data[c * pixels.Length + i] = sample(p, c);
        }
        return new SourceImage(header.Path, data, channels, [1, header.Height, header.Width], header.SampleType);
    }

    static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot open the file ({e.Message})", e);
        }
    }

    static PngHeader ReadHeader(FileStream file, string path)
    {
        Span<byte> start = stackalloc byte[8 + 8 + IhdrLength];
        if (file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) < start.Length || !start[..8].SequenceEqual(Signature))
            throw new InvalidInputException($"{path}: not a PNG file (the PNG signature is missing)");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(start[8..]);
        if (length != IhdrLength || !start[12..16].SequenceEqual("IHDR"u8))
            throw new InvalidInputException($"{path}: corrupt PNG: the first chunk is not a 13-byte IHDR");
        ReadOnlySpan<byte> ihdr = start[16..];
        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr), height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        int bitDepth = ihdr[8], colourType = ihdr[9];
        if (!IsValid(bitDepth, colourType))
            throw new InvalidInputException($"{path}: unsupported PNG: bit depth {bitDepth} with colour type {colourType} is not a valid PNG combination");
        if (ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
            throw new InvalidInputException($"{path}: unsupported PNG: compression {ihdr[10]}, filter {ihdr[11]}, interlace {ihdr[12]} (the PNG standard defines 0, 0, 0 or 1)");
        SourceImageLimits.Check(path, width, height, 1, colourType is PngHeader.Gray or PngHeader.GrayAlpha ? 1 : 3);
        CheckChunks(file, path);
        return new PngHeader(path, (int)width, (int)height, bitDepth, colourType);
    }

    /// <summary>PNG specification §11.2.2, table 11.1.</summary>
    static bool IsValid(int bitDepth, int colourType) => colourType switch
    {
        PngHeader.Gray => bitDepth is 1 or 2 or 4 or 8 or 16,
        PngHeader.Palette => bitDepth is 1 or 2 or 4 or 8,
        PngHeader.Rgb or PngHeader.GrayAlpha or PngHeader.RgbAlpha => bitDepth is 8 or 16,
        _ => false,
    };

    /// <summary>Walks the chunks after IHDR (skipping their data) to IEND: a cut file is found before decoding.</summary>
    static void CheckChunks(FileStream file, string path)
    {
        Span<byte> chunk = stackalloc byte[8];
        bool imageData = false;
        long position = 8 + 8 + IhdrLength + 4; // after IHDR's CRC
        while (true)
        {
            file.Position = position;
            if (file.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) < 8)
                throw new InvalidInputException($"{path}: truncated PNG: the file ends at byte {file.Length} before the IEND chunk");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
            if (length > MaxChunkLength)
                throw new InvalidInputException($"{path}: corrupt PNG: a chunk at byte {position} claims {length} bytes");
            long end = position + 8 + length + 4;
            if (end > file.Length)
                throw new InvalidInputException($"{path}: truncated PNG: a chunk at byte {position} needs {end - position} bytes, the file ends at {file.Length}");
            if (chunk[4..].SequenceEqual("IDAT"u8)) imageData = true;
            if (chunk[4..].SequenceEqual("IEND"u8)) break;
            position = end;
        }
        if (!imageData) throw new InvalidInputException($"{path}: corrupt PNG: no image data (IDAT chunk)");
    }
}
