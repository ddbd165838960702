using System.IO.Compression;
using System.Runtime.InteropServices;
using NnUNet.Abstractions;
using NnUNet.Core.IO;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Inference;

/// <summary>
/// Saved class probabilities of one case, for ensembling (spec §8, v1 <c>--npz</c>): <c>CASE.npz</c>, a numpy archive
/// whose array <c>softmax</c> is float16 (classes, z, y, x) at the raw image's shape (zeros outside the crop box),
/// and <c>CASE.json</c> beside it with the case's <see cref="CaseProperties"/> (geometry to write the ensemble with).
/// numpy reads it as <c>np.load("CASE.npz")["softmax"]</c>. The properties are written first and the archive
/// atomically after them, so a case whose .npz exists is complete.
/// </summary>
public static class ProbabilitiesFile
{
    public const string Extension = ".npz";

    /// <summary>Name of the array in the archive (v1's key).</summary>
    public const string ArrayName = "softmax";

    const string EntryName = ArrayName + ".npy";
    const int ChunkValues = 1 << 20;

    /// <summary>CASE.json beside CASE.npz.</summary>
    public static string PropertiesPath(string npzPath) => Path.ChangeExtension(npzPath, ".json");

    /// <summary>The case ids of a folder: every CASE.npz, in ordinal order.</summary>
    public static IReadOnlyList<string> ListCases(string folder) =>
        Directory.EnumerateFiles(folder, "*" + Extension).Select(p => Path.GetFileNameWithoutExtension(p)!)
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Writes CASE.json, then CASE.npz with <paramref name="probabilities"/> (classes x shape, C order).</summary>
    public static void Write(string npzPath, Half[] probabilities, int classes, int[] shape, CaseProperties properties)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Probabilities files are written little-endian.");
        long[] dims = [classes, .. shape.Select(s => (long)s)];
        var header = new NpyHeader(NpyHeader.Float16, false, dims);
        if (header.ElementCount != probabilities.Length)
            throw new ArgumentException($"{probabilities.Length} probabilities do not fill {string.Join(" x ", dims)}.", nameof(probabilities));
        JsonFile.Write(PropertiesPath(npzPath), properties);
        AtomicFile.Write(npzPath, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            using var entry = archive.CreateEntry(EntryName, CompressionLevel.Fastest).Open();
            entry.Write(header.ToBytes());
            entry.Write(MemoryMarshal.AsBytes(probabilities.AsSpan()));
        });
    }

    /// <summary>The case properties stored beside <paramref name="npzPath"/>.</summary>
    public static CaseProperties ReadProperties(string npzPath) => JsonFile.Read<CaseProperties>(PropertiesPath(npzPath));

    /// <summary>Reads the array's header: classes and spatial shape.</summary>
    public static (int Classes, int[] Shape) ReadShape(string npzPath)
    {
        using var archive = OpenArchive(npzPath);
        using var stream = OpenArray(archive, npzPath, out var header);
        return (checked((int)header.Shape[0]), header.Shape[1..].Select(s => checked((int)s)).ToArray());
    }

    /// <summary>
    /// Adds the stored probabilities to <paramref name="sum"/> (classes x shape, float32), streaming, so no second
    /// full-size array is allocated. The stored array must have exactly <paramref name="classes"/> x
    /// <paramref name="shape"/>; anything else is an <see cref="InvalidInputException"/> naming the file.
    /// </summary>
    public static void AddTo(string npzPath, Span<float> sum, int classes, int[] shape)
    {
        using var archive = OpenArchive(npzPath);
        using var stream = OpenArray(archive, npzPath, out var header);
        long[] expected = [classes, .. shape.Select(s => (long)s)];
        if (!header.Shape.SequenceEqual(expected))
            throw new InvalidInputException($"{npzPath}: '{ArrayName}' has shape {string.Join(" x ", header.Shape)}, " +
                                            $"expected {string.Join(" x ", expected)}.");
        if (sum.Length != header.ElementCount) throw new ArgumentException("The sum does not match classes x shape.", nameof(sum));
        bool half = header.DataType == NpyHeader.Float16;
        int size = half ? 2 : 4;
        var buffer = new byte[ChunkValues * size];
        for (int start = 0; start < sum.Length; start += ChunkValues)
        {
            int count = Math.Min(ChunkValues, sum.Length - start);
            try
            {
                stream.ReadExactly(buffer, 0, count * size);
            }
            catch (EndOfStreamException)
            {
                throw new InvalidInputException($"{npzPath}: '{ArrayName}' is truncated.");
            }
            catch (InvalidDataException e)
            {
                throw new InvalidInputException($"{npzPath}: '{ArrayName}' cannot be decompressed ({e.Message}).", e);
            }
            var target = sum.Slice(start, count);
            if (half)
            {
                var values = MemoryMarshal.Cast<byte, Half>(buffer.AsSpan(0, count * size));
                for (int i = 0; i < count; i++) target[i] += (float)values[i];
            }
            else
            {
                var values = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, count * size));
                for (int i = 0; i < count; i++) target[i] += values[i];
            }
        }
    }

    static ZipArchive OpenArchive(string npzPath)
    {
        if (!File.Exists(npzPath)) throw new InvalidInputException($"{npzPath}: file not found.");
        try
        {
            return new ZipArchive(File.OpenRead(npzPath), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{npzPath}: not a readable .npz archive ({e.Message}).", e);
        }
    }

    static Stream OpenArray(ZipArchive archive, string npzPath, out NpyHeader header)
    {
        var entry = archive.GetEntry(EntryName)
                    ?? throw new InvalidInputException($"{npzPath}: the archive has no '{ArrayName}' array.");
        Stream stream;
        try
        {
            stream = entry.Open();
            header = NpyHeader.Read(stream, $"{npzPath} ({EntryName})");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{npzPath}: '{ArrayName}' cannot be decompressed ({e.Message}).", e);
        }
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Probabilities files are read little-endian.");
        if (header.FortranOrder || header.DataType is not (NpyHeader.Float16 or NpyHeader.Float32) || header.Shape.Length != 4)
            throw new InvalidInputException($"{npzPath}: '{ArrayName}' must be a C-ordered float16 or float32 array " +
                                            $"(classes, z, y, x), found {header.DataType} with shape ({string.Join(", ", header.Shape)})" +
                                            (header.FortranOrder ? " in Fortran order." : "."));
        return stream;
    }
}
