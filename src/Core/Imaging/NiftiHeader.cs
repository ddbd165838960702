using System.Buffers.Binary;
using System.Text;

namespace NnUNet.Core.Imaging;

/// <summary>
/// The raw fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that we use, widened to long/double so one
/// model serves both versions. Field offsets follow nifti1.h and nifti2.h.
/// </summary>
internal sealed class NiftiHeader
{
    public const int Nifti1Size = 348;
    public const int Nifti2Size = 540;
    /// <summary>Voxel data of a single-file NIfTI-1 starts at least here (header plus the 4-byte extension flag).</summary>
    public const int Nifti1DataOffset = 352;
    public const int Nifti2DataOffset = 544;

    static ReadOnlySpan<byte> Nifti1Magic => "n+1\0"u8;
    static ReadOnlySpan<byte> Nifti1PairMagic => "ni1\0"u8;
    static ReadOnlySpan<byte> Nifti2Magic => "n+2\0\r\n\x1a\n"u8;
    static ReadOnlySpan<byte> Nifti2PairMagic => "ni2\0\r\n\x1a\n"u8;

    public int Version { get; set; } = 1;
    public bool BigEndian { get; set; }
    public long[] Dim { get; } = new long[8];
    public short DataTypeCode { get; set; }
    public double[] PixDim { get; } = new double[8];
    public double VoxOffset { get; set; }
    public double SclSlope { get; set; }
    public double SclInter { get; set; }
    public int XyztUnits { get; set; }
    public int QFormCode { get; set; }
    public int SFormCode { get; set; }
    public double QuaternB { get; set; }
    public double QuaternC { get; set; }
    public double QuaternD { get; set; }
    public double[] QOffset { get; } = new double[3];
    /// <summary>srow_x, srow_y, srow_z: rows of the 3x4 sform matrix.</summary>
    public double[][] SRow { get; } = [new double[4], new double[4], new double[4]];
    public string Description { get; set; } = "";

    public int HeaderSize => Version == 1 ? Nifti1Size : Nifti2Size;
    public int MinimumDataOffset => Version == 1 ? Nifti1DataOffset : Nifti2DataOffset;

    /// <summary>
    /// Tells version and byte order from the first four bytes (sizeof_hdr is 348 or 540 in the writer's byte order).
    /// </summary>
    public static (int Version, bool BigEndian)? Identify(ReadOnlySpan<byte> first4)
    {
        int little = BinaryPrimitives.ReadInt32LittleEndian(first4), big = BinaryPrimitives.ReadInt32BigEndian(first4);
        if (little == Nifti1Size) return (1, false);
        if (little == Nifti2Size) return (2, false);
        if (big == Nifti1Size) return (1, true);
        if (big == Nifti2Size) return (2, true);
        return null;
    }

    /// <summary>Parses a complete header; <paramref name="fail"/> builds the error for a bad magic.</summary>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, int version, bool bigEndian, Func<string, Exception> fail)
    {
        var f = new FieldReader(bytes, bigEndian);
        var h = new NiftiHeader { Version = version, BigEndian = bigEndian };
        if (version == 1)
        {
            var magic = bytes.Slice(344, 4);
            if (magic.SequenceEqual(Nifti1PairMagic))
                throw fail("two-file NIfTI (.hdr/.img pair, magic 'ni1') is not supported; convert it to a single .nii");
            if (!magic.SequenceEqual(Nifti1Magic)) throw fail($"bad NIfTI-1 magic {Printable(magic)} (expected 'n+1')");
            for (int i = 0; i < 8; i++) h.Dim[i] = f.Int16(40 + 2 * i);
            h.DataTypeCode = f.Int16(70);
            for (int i = 0; i < 8; i++) h.PixDim[i] = f.Single(76 + 4 * i);
            h.VoxOffset = f.Single(108);
            h.SclSlope = f.Single(112);
            h.SclInter = f.Single(116);
            h.XyztUnits = bytes[123];
            h.Description = Text(bytes.Slice(148, 80));
            h.QFormCode = f.Int16(252);
            h.SFormCode = f.Int16(254);
            h.QuaternB = f.Single(256); h.QuaternC = f.Single(260); h.QuaternD = f.Single(264);
            for (int i = 0; i < 3; i++) h.QOffset[i] = f.Single(268 + 4 * i);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.SRow[r][c] = f.Single(280 + 16 * r + 4 * c);
        }
        else
        {
            var magic = bytes.Slice(4, 8);
            if (magic.SequenceEqual(Nifti2PairMagic))
                throw fail("two-file NIfTI-2 (.hdr/.img pair, magic 'ni2') is not supported; convert it to a single .nii");
            if (!magic.SequenceEqual(Nifti2Magic)) throw fail($"bad NIfTI-2 magic {Printable(magic)} (expected 'n+2')");
            h.DataTypeCode = f.Int16(12);
            for (int i = 0; i < 8; i++) h.Dim[i] = f.Int64(16 + 8 * i);
            for (int i = 0; i < 8; i++) h.PixDim[i] = f.Double(104 + 8 * i);
            h.VoxOffset = f.Int64(168);
            h.SclSlope = f.Double(176);
            h.SclInter = f.Double(184);
            h.Description = Text(bytes.Slice(240, 80));
            h.QFormCode = f.Int32(344);
            h.SFormCode = f.Int32(348);
            h.QuaternB = f.Double(352); h.QuaternC = f.Double(360); h.QuaternD = f.Double(368);
            for (int i = 0; i < 3; i++) h.QOffset[i] = f.Double(376 + 8 * i);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.SRow[r][c] = f.Double(400 + 32 * r + 8 * c);
            h.XyztUnits = f.Int32(500);
        }
        return h;
    }

    /// <summary>The 352 bytes (header plus an empty extension flag) of a little-endian single-file NIfTI-1.</summary>
    public byte[] ToNifti1Bytes()
    {
        var b = new byte[Nifti1DataOffset];
        var s = b.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s, Nifti1Size);
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteInt16LittleEndian(s[(40 + 2 * i)..], checked((short)Dim[i]));
        BinaryPrimitives.WriteInt16LittleEndian(s[70..], DataTypeCode);
        BinaryPrimitives.WriteInt16LittleEndian(s[72..], (short)(8 * NiftiDataTypes.BytesPerVoxel((NiftiDataType)DataTypeCode)));
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteSingleLittleEndian(s[(76 + 4 * i)..], (float)PixDim[i]);
        BinaryPrimitives.WriteSingleLittleEndian(s[108..], (float)VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(s[112..], (float)SclSlope);
        BinaryPrimitives.WriteSingleLittleEndian(s[116..], (float)SclInter);
        b[123] = (byte)XyztUnits;
        Encoding.ASCII.GetBytes(Description.Length > 79 ? Description[..79] : Description, s.Slice(148, 80));
        BinaryPrimitives.WriteInt16LittleEndian(s[252..], (short)QFormCode);
        BinaryPrimitives.WriteInt16LittleEndian(s[254..], (short)SFormCode);
        BinaryPrimitives.WriteSingleLittleEndian(s[256..], (float)QuaternB);
        BinaryPrimitives.WriteSingleLittleEndian(s[260..], (float)QuaternC);
        BinaryPrimitives.WriteSingleLittleEndian(s[264..], (float)QuaternD);
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteSingleLittleEndian(s[(268 + 4 * i)..], (float)QOffset[i]);
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++) BinaryPrimitives.WriteSingleLittleEndian(s[(280 + 16 * r + 4 * c)..], (float)SRow[r][c]);
        Nifti1Magic.CopyTo(s[344..]);
        return b;
    }

    static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }

    static string Printable(ReadOnlySpan<byte> magic)
    {
        var sb = new StringBuilder("'");
        foreach (byte c in magic) sb.Append(c is >= 0x20 and < 0x7f ? ((char)c).ToString() : $"\\x{c:x2}");
        return sb.Append('\'').ToString();
    }

    /// <summary>Reads fixed-offset fields in the file's byte order.</summary>
    readonly ref struct FieldReader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        readonly ReadOnlySpan<byte> _b = bytes;
        public short Int16(int o) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(_b[o..]) : BinaryPrimitives.ReadInt16LittleEndian(_b[o..]);
        public int Int32(int o) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(_b[o..]) : BinaryPrimitives.ReadInt32LittleEndian(_b[o..]);
        public long Int64(int o) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(_b[o..]) : BinaryPrimitives.ReadInt64LittleEndian(_b[o..]);
        public float Single(int o) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(_b[o..]) : BinaryPrimitives.ReadSingleLittleEndian(_b[o..]);
        public double Double(int o) => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(_b[o..]) : BinaryPrimitives.ReadDoubleLittleEndian(_b[o..]);
    }
}
