using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NnUNet.Core.Imaging;

/// <summary>
/// Vectorised conversion of voxel bytes (any supported NIfTI datatype, file byte order) to float32 and back.
/// Scaling follows ITK: integers are converted to float32, then value * slope + inter is computed in double.
/// </summary>
internal static class NiftiVoxels
{
    /// <summary>Swaps every element of <paramref name="bytes"/> in place between big- and little-endian.</summary>
    public static void ReverseByteOrder(Span<byte> bytes, int bytesPerVoxel)
    {
        switch (bytesPerVoxel)
        {
            case 2: var s = MemoryMarshal.Cast<byte, short>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break;
            case 4: var i = MemoryMarshal.Cast<byte, int>(bytes); BinaryPrimitives.ReverseEndianness(i, i); break;
            case 8: var l = MemoryMarshal.Cast<byte, long>(bytes); BinaryPrimitives.ReverseEndianness(l, l); break;
        }
    }

    /// <summary>Converts <paramref name="dst"/>.Length voxels in host byte order to float32, then applies the scaling.</summary>
    public static void Decode(ReadOnlySpan<byte> src, Span<float> dst, NiftiDataType type, double slope, double inter)
    {
        bool scaled = slope != 1 || inter != 0;
        switch (type)
        {
            case NiftiDataType.UInt8: FromUInt8(src, dst); break;
            case NiftiDataType.Int8: FromInt8(MemoryMarshal.Cast<byte, sbyte>(src), dst); break;
            case NiftiDataType.Int16: FromInt16(MemoryMarshal.Cast<byte, short>(src), dst); break;
            case NiftiDataType.UInt16: FromUInt16(MemoryMarshal.Cast<byte, ushort>(src), dst); break;
            case NiftiDataType.Int32: FromInt32(MemoryMarshal.Cast<byte, int>(src), dst); break;
            case NiftiDataType.UInt32: FromUInt32(MemoryMarshal.Cast<byte, uint>(src), dst); break;
            case NiftiDataType.Int64: FromInt64(MemoryMarshal.Cast<byte, long>(src), dst); break;
            case NiftiDataType.Float32: MemoryMarshal.Cast<byte, float>(src).CopyTo(dst); break;
            case NiftiDataType.Float64:
                // float64 is scaled before narrowing (ITK keeps it double), so scaling happens here.
                FromFloat64(MemoryMarshal.Cast<byte, double>(src), dst, slope, inter);
                return;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported datatype");
        }
        if (scaled) Scale(dst, slope, inter);
    }

    /// <summary>values[i] = (float)(values[i] * slope + inter), computed in double.</summary>
    public static void Scale(Span<float> values, double slope, double inter)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<double>(slope);
            var c = new Vector<double>(inter);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(values[i..]), out var lo, out var hi);
                Vector.Narrow(lo * s + c, hi * s + c).CopyTo(values[i..]);
            }
        }
        for (; i < values.Length; i++) values[i] = (float)(values[i] * slope + inter);
    }

    /// <summary>
    /// Stores float32 voxels as <paramref name="type"/> (little-endian host order), integers rounded to nearest (ties
    /// to even). Returns the index of the first value that is NaN or outside the type's range (nothing after it is
    /// meaningful), or -1 when all were stored.
    /// </summary>
    public static int Encode(ReadOnlySpan<float> src, Span<byte> dst, NiftiDataType type)
    {
        switch (type)
        {
            case NiftiDataType.Float32: MemoryMarshal.AsBytes(src).CopyTo(dst); return -1;
            case NiftiDataType.Float64: ToFloat64(src, MemoryMarshal.Cast<byte, double>(dst)); return -1;
        }
        int bad = FirstUnstorable(src, type);
        int end = bad < 0 ? src.Length : bad;
        src = src[..end];
        switch (type)
        {
            case NiftiDataType.UInt8: ToUInt8(src, dst); break;
            case NiftiDataType.Int8: ToInt8(src, MemoryMarshal.Cast<byte, sbyte>(dst)); break;
            case NiftiDataType.Int16: ToInt16(src, MemoryMarshal.Cast<byte, short>(dst)); break;
            case NiftiDataType.UInt16: ToUInt16(src, MemoryMarshal.Cast<byte, ushort>(dst)); break;
            case NiftiDataType.Int32: ToInt32(src, MemoryMarshal.Cast<byte, int>(dst)); break;
            case NiftiDataType.UInt32: ToUInt32(src, MemoryMarshal.Cast<byte, uint>(dst)); break;
            case NiftiDataType.Int64: ToInt64(src, MemoryMarshal.Cast<byte, long>(dst)); break;
            default: throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported datatype");
        }
        return bad;
    }

    /// <summary>Index of the first value whose rounding is NaN or outside the integer type's range, or -1.</summary>
    static int FirstUnstorable(ReadOnlySpan<float> src, NiftiDataType type)
    {
        var (min, max) = NiftiDataTypes.Range(type);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vmin = new Vector<float>(min);
            var vmax = new Vector<float>(max);
            for (; i <= src.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var r = Vector.Round(new Vector<float>(src[i..]));
                // NaN fails both comparisons, so it is caught too.
                if (!Vector.GreaterThanOrEqualAll(r, vmin) || !Vector.LessThanOrEqualAll(r, vmax)) break;
            }
        }
        for (; i < src.Length; i++)
        {
            float r = MathF.Round(src[i]);
            if (!(r >= min && r <= max)) return i;
        }
        return -1;
    }

    static void FromUInt8(ReadOnlySpan<byte> s, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int k = Vector<uint>.Count;
            for (; i <= d.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(s[i..]), out var lo, out var hi);
                Vector.Widen(lo, out var a, out var b);
                Vector.Widen(hi, out var c, out var e);
                Vector.ConvertToSingle(a).CopyTo(d[i..]);
                Vector.ConvertToSingle(b).CopyTo(d[(i + k)..]);
                Vector.ConvertToSingle(c).CopyTo(d[(i + 2 * k)..]);
                Vector.ConvertToSingle(e).CopyTo(d[(i + 3 * k)..]);
            }
        }
        for (; i < d.Length; i++) d[i] = s[i];
    }

    static void FromInt8(ReadOnlySpan<sbyte> s, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int k = Vector<int>.Count;
            for (; i <= d.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(s[i..]), out var lo, out var hi);
                Vector.Widen(lo, out var a, out var b);
                Vector.Widen(hi, out var c, out var e);
                Vector.ConvertToSingle(a).CopyTo(d[i..]);
                Vector.ConvertToSingle(b).CopyTo(d[(i + k)..]);
                Vector.ConvertToSingle(c).CopyTo(d[(i + 2 * k)..]);
                Vector.ConvertToSingle(e).CopyTo(d[(i + 3 * k)..]);
            }
        }
        for (; i < d.Length; i++) d[i] = s[i];
    }

    static void FromInt16(ReadOnlySpan<short> s, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<short>.Count; i += Vector<short>.Count)
            {
                Vector.Widen(new Vector<short>(s[i..]), out var lo, out var hi);
                Vector.ConvertToSingle(lo).CopyTo(d[i..]);
                Vector.ConvertToSingle(hi).CopyTo(d[(i + Vector<int>.Count)..]);
            }
        for (; i < d.Length; i++) d[i] = s[i];
    }

    static void FromUInt16(ReadOnlySpan<ushort> s, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                Vector.Widen(new Vector<ushort>(s[i..]), out var lo, out var hi);
                Vector.ConvertToSingle(lo).CopyTo(d[i..]);
                Vector.ConvertToSingle(hi).CopyTo(d[(i + Vector<uint>.Count)..]);
            }
        for (; i < d.Length; i++) d[i] = s[i];
    }

    static void FromInt32(ReadOnlySpan<int> s, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<int>.Count; i += Vector<int>.Count)
                Vector.ConvertToSingle(new Vector<int>(s[i..])).CopyTo(d[i..]);
        for (; i < d.Length; i++) d[i] = s[i];
    }

    static void FromUInt32(ReadOnlySpan<uint> s, Span<float> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= d.Length - Vector<uint>.Count; i += Vector<uint>.Count)
                Vector.ConvertToSingle(new Vector<uint>(s[i..])).CopyTo(d[i..]);
        for (; i < d.Length; i++) d[i] = s[i];
    }

    static void FromInt64(ReadOnlySpan<long> s, Span<float> d)
    {
        // Direct long -> float rounding (going through double could round twice).
        for (int i = 0; i < d.Length; i++) d[i] = s[i];
    }

    static void FromFloat64(ReadOnlySpan<double> s, Span<float> d, double slope, double inter)
    {
        bool scaled = slope != 1 || inter != 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<double>(slope);
            var vc = new Vector<double>(inter);
            for (; i <= d.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var lo = new Vector<double>(s[i..]);
                var hi = new Vector<double>(s[(i + Vector<double>.Count)..]);
                if (scaled) { lo = lo * vs + vc; hi = hi * vs + vc; }
                Vector.Narrow(lo, hi).CopyTo(d[i..]);
            }
        }
        for (; i < d.Length; i++) d[i] = (float)(scaled ? s[i] * slope + inter : s[i]);
    }

    static void ToFloat64(ReadOnlySpan<float> s, Span<double> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= s.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(s[i..]), out var lo, out var hi);
                lo.CopyTo(d[i..]);
                hi.CopyTo(d[(i + Vector<double>.Count)..]);
            }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    // The encoders below run on values already checked by FirstUnstorable, so narrowing cannot wrap.

    static Vector<int> RoundToInt32(ReadOnlySpan<float> s) => Vector.ConvertToInt32(Vector.Round(new Vector<float>(s)));

    static void ToUInt8(ReadOnlySpan<float> s, Span<byte> d)
    {
        int i = 0, k = Vector<int>.Count;
        if (Vector.IsHardwareAccelerated)
            for (; i <= s.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var lo = Vector.Narrow(Vector.AsVectorUInt32(RoundToInt32(s[i..])), Vector.AsVectorUInt32(RoundToInt32(s[(i + k)..])));
                var hi = Vector.Narrow(Vector.AsVectorUInt32(RoundToInt32(s[(i + 2 * k)..])), Vector.AsVectorUInt32(RoundToInt32(s[(i + 3 * k)..])));
                Vector.Narrow(lo, hi).CopyTo(d[i..]);
            }
        for (; i < s.Length; i++) d[i] = (byte)MathF.Round(s[i]);
    }

    static void ToInt8(ReadOnlySpan<float> s, Span<sbyte> d)
    {
        int i = 0, k = Vector<int>.Count;
        if (Vector.IsHardwareAccelerated)
            for (; i <= s.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
            {
                var lo = Vector.Narrow(RoundToInt32(s[i..]), RoundToInt32(s[(i + k)..]));
                var hi = Vector.Narrow(RoundToInt32(s[(i + 2 * k)..]), RoundToInt32(s[(i + 3 * k)..]));
                Vector.Narrow(lo, hi).CopyTo(d[i..]);
            }
        for (; i < s.Length; i++) d[i] = (sbyte)MathF.Round(s[i]);
    }

    static void ToInt16(ReadOnlySpan<float> s, Span<short> d)
    {
        int i = 0, k = Vector<int>.Count;
        if (Vector.IsHardwareAccelerated)
            for (; i <= s.Length - Vector<short>.Count; i += Vector<short>.Count)
                Vector.Narrow(RoundToInt32(s[i..]), RoundToInt32(s[(i + k)..])).CopyTo(d[i..]);
        for (; i < s.Length; i++) d[i] = (short)MathF.Round(s[i]);
    }

    static void ToUInt16(ReadOnlySpan<float> s, Span<ushort> d)
    {
        int i = 0, k = Vector<int>.Count;
        if (Vector.IsHardwareAccelerated)
            for (; i <= s.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
                Vector.Narrow(Vector.AsVectorUInt32(RoundToInt32(s[i..])), Vector.AsVectorUInt32(RoundToInt32(s[(i + k)..]))).CopyTo(d[i..]);
        for (; i < s.Length; i++) d[i] = (ushort)MathF.Round(s[i]);
    }

    static void ToInt32(ReadOnlySpan<float> s, Span<int> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= s.Length - Vector<int>.Count; i += Vector<int>.Count)
                RoundToInt32(s[i..]).CopyTo(d[i..]);
        for (; i < s.Length; i++) d[i] = (int)MathF.Round(s[i]);
    }

    static void ToUInt32(ReadOnlySpan<float> s, Span<uint> d)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= s.Length - Vector<uint>.Count; i += Vector<uint>.Count)
                Vector.ConvertToUInt32(Vector.Round(new Vector<float>(s[i..]))).CopyTo(d[i..]);
        for (; i < s.Length; i++) d[i] = (uint)MathF.Round(s[i]);
    }

    static void ToInt64(ReadOnlySpan<float> s, Span<long> d)
    {
        for (int i = 0; i < s.Length; i++) d[i] = (long)MathF.Round(s[i]);
    }
}
