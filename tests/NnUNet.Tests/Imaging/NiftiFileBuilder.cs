using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace NnUNet.Tests.Imaging;

/// <summary>
/// Builds NIfTI-1 / NIfTI-2 files byte by byte at the offsets of nifti1.h / nifti2.h, independently of the
/// production header code, so known-answer tests exercise the reader against the spec rather than against itself.
/// </summary>
internal sealed class NiftiFileBuilder
{
    public int Version { get; init; } = 1;
    public bool BigEndian { get; init; }
    public long[] Dim { get; init; } = [3, 2, 2, 2, 1, 1, 1, 1];
    public short DataType { get; init; } = 16;
    public double[] PixDim { get; init; } = [1, 1, 1, 1, 1, 1, 1, 1];
    /// <summary>Null: header size plus the 4-byte extension flag (352 / 544).</summary>
    public double? VoxOffset { get; init; }
    public double SclSlope { get; init; }
    public double SclInter { get; init; }
    public int XyztUnits { get; init; } = 2;
    public int QFormCode { get; init; }
    public int SFormCode { get; init; }
    public double[] Quatern { get; init; } = [0, 0, 0];
    public double[] QOffset { get; init; } = [0, 0, 0];
    public double[][] SRow { get; init; } = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
    /// <summary>Null: the correct magic for the version.</summary>
    public byte[]? Magic { get; init; }
    /// <summary>Null: 348 / 540.</summary>
    public int? SizeofHdr { get; init; }

    int HeaderSize => Version == 1 ? 348 : 540;

    public byte[] Header()
    {
        var b = new byte[HeaderSize];
        var w = new Writer(b, BigEndian);
        w.I32(0, SizeofHdr ?? HeaderSize);
        if (Version == 1)
        {
            for (int i = 0; i < 8; i++) w.I16(40 + 2 * i, checked((short)Dim[i]));
            w.I16(70, DataType);
            w.I16(72, (short)(8 * BytesPerVoxel(DataType)));
            for (int i = 0; i < 8; i++) w.F32(76 + 4 * i, PixDim[i]);
            w.F32(108, VoxOffset ?? 352);
            w.F32(112, SclSlope);
            w.F32(116, SclInter);
            b[123] = (byte)XyztUnits;
            w.I16(252, (short)QFormCode);
            w.I16(254, (short)SFormCode);
            for (int i = 0; i < 3; i++) w.F32(256 + 4 * i, Quatern[i]);
            for (int i = 0; i < 3; i++) w.F32(268 + 4 * i, QOffset[i]);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) w.F32(280 + 16 * r + 4 * c, SRow[r][c]);
            (Magic ?? "n+1\0"u8.ToArray()).CopyTo(b, 344);
        }
        else
        {
            (Magic ?? "n+2\0\r\n\x1a\n"u8.ToArray()).CopyTo(b, 4);
            w.I16(12, DataType);
            w.I16(14, (short)(8 * BytesPerVoxel(DataType)));
            for (int i = 0; i < 8; i++) w.I64(16 + 8 * i, Dim[i]);
            for (int i = 0; i < 8; i++) w.F64(104 + 8 * i, PixDim[i]);
            w.I64(168, (long)(VoxOffset ?? 544));
            w.F64(176, SclSlope);
            w.F64(184, SclInter);
            w.I32(344, QFormCode);
            w.I32(348, SFormCode);
            for (int i = 0; i < 3; i++) w.F64(352 + 8 * i, Quatern[i]);
            for (int i = 0; i < 3; i++) w.F64(376 + 8 * i, QOffset[i]);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) w.F64(400 + 32 * r + 8 * c, SRow[r][c]);
            w.I32(500, XyztUnits);
        }
        return b;
    }

    /// <summary>Header, zero bytes up to vox_offset, then the voxel bytes (already in the file's byte order).</summary>
    public byte[] File(byte[] voxelBytes)
    {
        long offset = (long)(VoxOffset ?? HeaderSize + 4);
        var file = new byte[offset + voxelBytes.Length];
        Header().CopyTo(file, 0);
        voxelBytes.CopyTo(file, offset);
        return file;
    }

    public static int BytesPerVoxel(short code) => code switch
    {
        2 or 256 => 1, 4 or 512 => 2, 8 or 16 or 768 => 4, 64 or 1024 => 8, 128 => 3, _ => 4,
    };

    /// <summary>Raw bytes of values in little- or big-endian order.</summary>
    public static byte[] Bytes<T>(T[] values, bool bigEndian = false) where T : unmanaged
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        int size = Marshal.SizeOf<T>();
        if (bigEndian == BitConverter.IsLittleEndian && size > 1)
            for (int i = 0; i < bytes.Length; i += size) Array.Reverse(bytes, i, size);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Fastest)) z.Write(content);
        return ms.ToArray();
    }

    readonly struct Writer(byte[] b, bool big)
    {
        public void I16(int o, short v) { if (big) BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(o), v); }
        public void I32(int o, int v) { if (big) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(o), v); }
        public void I64(int o, long v) { if (big) BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(o), v); }
        public void F32(int o, double v) { if (big) BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(o), (float)v); else BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(o), (float)v); }
        public void F64(int o, double v) { if (big) BinaryPrimitives.WriteDoubleBigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(o), v); }
    }
}
