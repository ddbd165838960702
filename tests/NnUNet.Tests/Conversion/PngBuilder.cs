using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NnUNet.Tests.Conversion;

/// <summary>
/// Writes PNG files byte by byte (PNG specification: signature, IHDR, optional PLTE/tRNS, IDAT, IEND, CRC-32 per
/// chunk), independent of ImageSharp: for formats ImageSharp does not write on request and for crafted files.
/// </summary>
internal static class PngBuilder
{
    static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A complete PNG; <paramref name="samples"/> gives the samples of pixel (y, x) (palette: the index).</summary>
    public static byte[] Encode(int width, int height, int bitDepth, int colourType, Func<int, int, int[]> samples,
        byte[]? palette = null, byte[]? transparency = null)
    {
        var file = new MemoryStream();
        file.Write(Signature);
        file.Write(Chunk("IHDR", Ihdr(width, height, bitDepth, colourType)));
        if (palette is not null) file.Write(Chunk("PLTE", palette));
        if (transparency is not null) file.Write(Chunk("tRNS", transparency));
        file.Write(Chunk("IDAT", Compress(Scanlines(width, height, bitDepth, samples))));
        file.Write(Chunk("IEND", []));
        return file.ToArray();
    }

    /// <summary>The 13 IHDR bytes (compression, filter and interlace 0).</summary>
    public static byte[] Ihdr(uint width, uint height, int bitDepth, int colourType)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), height);
        data[8] = (byte)bitDepth;
        data[9] = (byte)colourType;
        return data;
    }

    static byte[] Ihdr(int width, int height, int bitDepth, int colourType) => Ihdr((uint)width, (uint)height, bitDepth, colourType);

    /// <summary>A PNG that is only a signature, an IHDR claiming the given size, a tiny IDAT and IEND.</summary>
    public static byte[] HeaderOnly(uint width, uint height, int bitDepth = 8, int colourType = 0)
    {
        var file = new MemoryStream();
        file.Write(Signature);
        file.Write(Chunk("IHDR", Ihdr(width, height, bitDepth, colourType)));
        file.Write(Chunk("IDAT", Compress([0, 0])));
        file.Write(Chunk("IEND", []));
        return file.ToArray();
    }

    public static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>Rows with filter type 0, samples packed most significant bit first; 16-bit samples big-endian.</summary>
    static byte[] Scanlines(int width, int height, int bitDepth, Func<int, int, int[]> samples)
    {
        var rows = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            rows.WriteByte(0);
            var bits = new List<bool>();
            for (int x = 0; x < width; x++)
                foreach (int s in samples(y, x))
                    for (int b = bitDepth - 1; b >= 0; b--) bits.Add((s >> b & 1) == 1);
            for (int i = 0; i < bits.Count; i += 8)
            {
                int value = 0;
                for (int b = 0; b < 8; b++) value = value << 1 | (i + b < bits.Count && bits[i + b] ? 1 : 0);
                rows.WriteByte((byte)value);
            }
        }
        return rows.ToArray();
    }

    static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    /// <summary>CRC-32 of ISO 3309 / PNG specification annex D (reflected polynomial 0xEDB88320).</summary>
    static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
