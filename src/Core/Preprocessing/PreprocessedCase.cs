using System.Runtime.InteropServices;
using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// One preprocessed case on disk: CASE.json (header + properties), CASE_data.bin (float32, (c, z, y, x)) and
/// CASE_seg.bin (int8 or int16, (z, y, x)), all little-endian C-order. Opening memory-maps the arrays so a
/// trainer reads random patches without loading whole volumes (docs/preprocessed-format.md).
/// </summary>
public sealed unsafe class PreprocessedCase : IDisposable
{
    const float DataPadValue = 0f;      // spec §7: outside the image, data is 0
    const float SegmentationPadValue = -1f; // spec §7: ... and the segmentation -1
    const string RerunPreprocessing = "the case is truncated or stale, rerun plan_and_preprocess";

    readonly MappedArrayFile _dataArray;
    readonly MappedArrayFile? _segArray;
    readonly byte* _data;
    readonly byte* _seg;
    readonly int _segElementSize;
    readonly int[] _shape;
    readonly IReadOnlyList<int> _shapeView;

    PreprocessedCase(string folder, PreprocessedCaseHeader header)
    {
        Header = header;
        _shape = header.Data.Shape[1..];
        _shapeView = Array.AsReadOnly(_shape);
        string dataPath = Path.Combine(folder, header.Data.File);
        _dataArray = new MappedArrayFile(dataPath, Elements(header.Data.Shape) * 4, RerunPreprocessing);
        _data = _dataArray.Pointer;
        if (header.Segmentation is { } seg)
        {
            _segElementSize = seg.DataType switch
            {
                "int8" => 1,
                "int16" => 2,
                _ => throw new InvalidInputException($"{Path.Combine(folder, seg.File)}: unsupported segmentation dtype '{seg.DataType}'."),
            };
            _segArray = new MappedArrayFile(Path.Combine(folder, seg.File), Elements(seg.Shape) * _segElementSize, RerunPreprocessing);
            _seg = _segArray.Pointer;
        }
    }

    public PreprocessedCaseHeader Header { get; }
    public CaseProperties Properties => Header.Properties;
    public string CaseIdentifier => Header.Properties.CaseIdentifier;
    public int Channels => Header.Data.Shape[0];

    /// <summary>Spatial shape (z, y, x) of the stored arrays (a cached read-only view: reading it allocates nothing).</summary>
    public IReadOnlyList<int> Shape => _shapeView;
    public bool HasSegmentation => Header.Segmentation is not null;

    public static string HeaderPath(string folder, string caseId) => Path.Combine(folder, caseId + ".json");

    /// <summary>Case ids of a stage folder (every CASE.json), in ordinal order.</summary>
    public static IReadOnlyList<string> ListCases(string folder) =>
        Directory.EnumerateFiles(folder, "*.json").Select(p => Path.GetFileNameWithoutExtension(p)!)
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Writes a case: the arrays first, then CASE.json, each atomically, so a case whose header exists is complete.
    /// </summary>
    /// <param name="segmentation">Label values (integers, -1 outside the nonzero mask allowed); empty when none.</param>
    public static void Write(string folder, ReadOnlyMemory<float> data, int channels, int[] shape,
        ReadOnlyMemory<float> segmentation, CaseProperties properties)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Preprocessed arrays are little-endian.");
        long voxels = (long)shape[0] * shape[1] * shape[2];
        if (data.Length != channels * voxels) throw new ArgumentException("Data length does not match channels x shape.");
        string id = properties.CaseIdentifier;
        var dataInfo = new PreprocessedArrayInfo(id + "_data.bin", "float32", [channels, .. shape]);
        AtomicFile.Write(Path.Combine(folder, dataInfo.File), stream => stream.Write(MemoryMarshal.AsBytes(data.Span)));

        PreprocessedArrayInfo? segInfo = null;
        if (!segmentation.IsEmpty)
        {
            if (segmentation.Length != voxels) throw new ArgumentException("Segmentation length does not match shape.");
            segInfo = WriteSegmentation(folder, id, segmentation.Span, shape);
        }
        JsonFile.Write(HeaderPath(folder, id), new PreprocessedCaseHeader { Data = dataInfo, Segmentation = segInfo, Properties = properties });
    }

    /// <summary>Opens a case for reading; a missing or inconsistent file is an <see cref="InvalidInputException"/> naming it.</summary>
    public static PreprocessedCase Open(string folder, string caseId)
    {
        var header = JsonFile.Read<PreprocessedCaseHeader>(HeaderPath(folder, caseId));
        if (header.FormatVersion != PreprocessedCaseHeader.CurrentFormatVersion)
            throw new InvalidInputException($"{HeaderPath(folder, caseId)}: format version {header.FormatVersion} is not supported (expected {PreprocessedCaseHeader.CurrentFormatVersion}); rerun plan_and_preprocess.");
        if (header.Data.DataType != "float32" || header.Data.Shape.Length != 4)
            throw new InvalidInputException($"{HeaderPath(folder, caseId)}: data must be float32 (c, z, y, x).");
        return new PreprocessedCase(folder, header);
    }

    /// <summary>
    /// Copies the box [lower, lower + size) of every channel into <paramref name="data"/> ((c, size...) C-order)
    /// and of the segmentation into <paramref name="segmentation"/> (size, C-order; pass empty to skip).
    /// The box may extend beyond the volume: outside voxels get 0 (data) and -1 (segmentation).
    /// </summary>
    public void ReadPatch(ReadOnlySpan<int> lower, ReadOnlySpan<int> size, Span<float> data, Span<float> segmentation)
    {
        int[] shape = _shape;
        long patchVoxels = (long)size[0] * size[1] * size[2];
        if (data.Length != Channels * patchVoxels) throw new ArgumentException("Data buffer does not match channels x size.");
        for (int c = 0; c < Channels; c++)
            CopyBox(c, shape, lower, size, data.Slice((int)(c * patchVoxels), (int)patchVoxels), isSegmentation: false);
        if (segmentation.IsEmpty) return;
        if (!HasSegmentation) throw new InvalidOperationException($"Case {CaseIdentifier} has no segmentation.");
        if (segmentation.Length != patchVoxels) throw new ArgumentException("Segmentation buffer does not match size.");
        CopyBox(0, shape, lower, size, segmentation, isSegmentation: true);
    }

    /// <summary>The whole data array (c, z, y, x).</summary>
    public float[] ReadData()
    {
        var result = new float[Channels * (int)Elements(_shape)];
        ReadPatch([0, 0, 0], _shape, result, []);
        return result;
    }

    /// <summary>The whole segmentation (z, y, x) as float labels.</summary>
    public float[] ReadSegmentation()
    {
        var result = new float[(int)Elements(_shape)];
        ReadPatch([0, 0, 0], _shape, new float[Channels * result.Length], result);
        return result;
    }

    void CopyBox(int channel, int[] shape, ReadOnlySpan<int> lower, ReadOnlySpan<int> size, Span<float> target, bool isSegmentation)
    {
        float pad = isSegmentation ? SegmentationPadValue : DataPadValue;
        target.Fill(pad);
        int x0 = Math.Max(lower[2], 0), x1 = Math.Min(lower[2] + size[2], shape[2]);
        if (x1 <= x0) return;
        long channelOffset = (long)channel * shape[0] * shape[1] * shape[2];
        for (int dz = 0; dz < size[0]; dz++)
        {
            int z = lower[0] + dz;
            if (z < 0 || z >= shape[0]) continue;
            for (int dy = 0; dy < size[1]; dy++)
            {
                int y = lower[1] + dy;
                if (y < 0 || y >= shape[1]) continue;
                long source = channelOffset + ((long)z * shape[1] + y) * shape[2] + x0;
                var row = target.Slice((dz * size[1] + dy) * size[2] + (x0 - lower[2]), x1 - x0);
                if (!isSegmentation)
                    new ReadOnlySpan<float>(_data + source * 4, row.Length).CopyTo(row);
                else if (_segElementSize == 1)
                    Widen(new ReadOnlySpan<sbyte>(_seg + source, row.Length), row);
                else
                    Widen(new ReadOnlySpan<short>(_seg + source * 2, row.Length), row);
            }
        }
    }

    static void Widen(ReadOnlySpan<sbyte> source, Span<float> target)
    {
        for (int i = 0; i < source.Length; i++) target[i] = source[i];
    }

    static void Widen(ReadOnlySpan<short> source, Span<float> target)
    {
        for (int i = 0; i < source.Length; i++) target[i] = source[i];
    }

    static PreprocessedArrayInfo WriteSegmentation(string folder, string id, ReadOnlySpan<float> segmentation, int[] shape)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in segmentation)
        {
            if (v != MathF.Round(v)) throw new ArgumentException($"Case {id}: segmentation value {v} is not an integer.");
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (min < short.MinValue || max > short.MaxValue) throw new ArgumentException($"Case {id}: label values exceed int16.");
        bool small = min >= sbyte.MinValue && max <= sbyte.MaxValue;
        var info = new PreprocessedArrayInfo(id + "_seg.bin", small ? "int8" : "int16", (int[])shape.Clone());
        byte[] bytes = new byte[segmentation.Length * (small ? 1 : 2)];
        if (small)
            for (int i = 0; i < segmentation.Length; i++) bytes[i] = (byte)(sbyte)segmentation[i];
        else
            for (int i = 0; i < segmentation.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (short)segmentation[i]);
        AtomicFile.Write(Path.Combine(folder, info.File), stream => stream.Write(bytes));
        return info;
    }

    static long Elements(int[] shape)
    {
        long n = 1;
        foreach (int s in shape) n *= s;
        return n;
    }

    public void Dispose()
    {
        _dataArray.Dispose();
        _segArray?.Dispose();
    }
}
