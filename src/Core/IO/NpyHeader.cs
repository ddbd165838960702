using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NnUNet.Abstractions;

namespace NnUNet.Core.IO;

/// <summary>
/// The header of a numpy <c>.npy</c> array: magic, version, then a Python dict literal with the element type
/// (<c>descr</c>, e.g. "&lt;f2"), the memory order and the shape, padded with spaces to a multiple of 64 bytes and
/// ended by a newline. Writes version 1.0 (what numpy writes for small headers); reads 1.0, 2.0 and 3.0.
/// The data follows the header directly.
/// </summary>
public sealed partial record NpyHeader(string DataType, bool FortranOrder, long[] Shape)
{
    /// <summary>Little-endian float16, as numpy spells it.</summary>
    public const string Float16 = "<f2";

    /// <summary>Little-endian float32, as numpy spells it.</summary>
    public const string Float32 = "<f4";

    /// <summary>0x93 then "NUMPY".</summary>
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy pads the header so the data starts at a multiple of this.</summary>
    const int Alignment = 64;

    /// <summary>Headers longer than this are not something we or numpy write for an array of a few axes.</summary>
    const int MaxHeaderLength = 1 << 16;

    /// <summary>Number of elements the shape describes.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The header bytes, version 1.0.</summary>
    public byte[] ToBytes()
    {
        string shape = Shape.Length == 1 ? $"({Shape[0]},)" : "(" + string.Join(", ", Shape) + ")";
        string dict = $"{{'descr': '{DataType}', 'fortran_order': {(FortranOrder ? "True" : "False")}, 'shape': {shape}, }}";
        int prefix = Magic.Length + 2 + 2;
        int total = (prefix + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;
        string text = dict.PadRight(total - prefix - 1) + "\n";
        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)text.Length));
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(prefix));
        return bytes;
    }

    /// <summary>Reads the header from the start of <paramref name="stream"/>, leaving it at the data; a malformed header
    /// is an <see cref="InvalidInputException"/> naming <paramref name="source"/>.</summary>
    public static NpyHeader Read(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (!TryReadExactly(stream, prefix) || !prefix[..6].SequenceEqual(Magic))
            throw new InvalidInputException($"{source}: not a numpy .npy array (bad magic).");
        int major = prefix[6];
        int length;
        if (major == 1)
        {
            Span<byte> len = stackalloc byte[2];
            if (!TryReadExactly(stream, len)) throw Truncated(source);
            length = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            Span<byte> len = stackalloc byte[4];
            if (!TryReadExactly(stream, len)) throw Truncated(source);
            uint value = BinaryPrimitives.ReadUInt32LittleEndian(len);
            if (value > MaxHeaderLength) throw new InvalidInputException($"{source}: .npy header length {value} is absurd.");
            length = (int)value;
        }
        else throw new InvalidInputException($"{source}: .npy format version {major} is not supported.");

        var text = new byte[length];
        if (!TryReadExactly(stream, text)) throw Truncated(source);
        string dict = Encoding.UTF8.GetString(text);
        var descr = DescrPattern().Match(dict);
        var fortran = FortranPattern().Match(dict);
        var shape = ShapePattern().Match(dict);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidInputException($"{source}: .npy header is not a numpy array description: {dict.Trim()}");
        long[] dims;
        try
        {
            dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => long.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new InvalidInputException($"{source}: .npy shape '{shape.Groups[1].Value}' is not a tuple of sizes.");
        }
        catch (OverflowException)
        {
            throw new InvalidInputException($"{source}: .npy shape '{shape.Groups[1].Value}' is absurd.");
        }
        return new NpyHeader(descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims);
    }

    static InvalidInputException Truncated(string source) => new($"{source}: the .npy header is truncated.");

    static bool TryReadExactly(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
