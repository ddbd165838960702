using System.Text.Json.Serialization;
using NnUNet.Abstractions;
using NnUNet.Core.IO;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Training;

/// <summary>
/// One case of a 3d_lowres trainer folder's <c>pred_next_stage/</c> (spec §7 "Final validation", §11): the out-of-fold
/// 3d_lowres segmentation of a training case on the grid of the case's 3d_fullres preprocessed arrays, the extra input
/// 3d_cascade_fullres trains with. Two files, little-endian C order like the preprocessed cases
/// (docs/training.md "Cascade"): <c>CASE_segFromPrevStage.bin</c> (labels as uint8, uint16 above 255, shape (z, y, x))
/// and <c>CASE_segFromPrevStage.json</c> (format version, array description, which model made it), written in that
/// order, each atomically, so a case whose JSON exists is complete. Opening memory-maps the labels so a trainer reads
/// patches without loading whole volumes.
/// </summary>
public sealed unsafe class PreviousStageSegmentation : IDisposable
{
    public const string FolderName = "pred_next_stage";
    public const string FileSuffix = "_segFromPrevStage"; // v1's CASE_segFromPrevStage.npz, here .bin + .json
    const int CurrentFormatVersion = 1;
    const float PadLabel = 0f; // outside the volume: no previous-stage foreground

    readonly MappedArrayFile _array;
    readonly byte* _labels;
    readonly int _elementSize;
    readonly int[] _shape;

    PreviousStageSegmentation(string folder, string caseId, Header header)
    {
        string path = Path.Combine(folder, header.Labels.File);
        CaseIdentifier = caseId;
        Source = header.Source;
        _shape = header.Labels.Shape;
        _elementSize = header.Labels.DataType switch
        {
            "uint8" => 1,
            "uint16" => 2,
            _ => throw new InvalidInputException($"{HeaderPath(folder, caseId)}: unsupported dtype '{header.Labels.DataType}' (uint8 or uint16)."),
        };
        if (_shape is not { Length: 3 } || _shape.Any(s => s < 1))
            throw new InvalidInputException($"{HeaderPath(folder, caseId)}: shape must be three positive sizes (z, y, x).");
        long bytes = (long)_shape[0] * _shape[1] * _shape[2] * _elementSize;
        _array = new MappedArrayFile(path, bytes, "rerun the 3d_lowres validation (nnunet train 3d_lowres ... -val)");
        _labels = _array.Pointer;
    }

    public string CaseIdentifier { get; }

    /// <summary>Spatial shape (z, y, x): the 3d_fullres preprocessed shape of the case.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>What made the labels (e.g. "3d_lowres nnUNetTrainerV2 fold 2 model_final_checkpoint").</summary>
    public string Source { get; }

    public static string HeaderPath(string folder, string caseId) => Path.Combine(folder, caseId + FileSuffix + ".json");

    public static bool Exists(string folder, string caseId) => File.Exists(HeaderPath(folder, caseId));

    /// <summary>Writes a case's labels (integers 0..65535, (z, y, x)): the array, then the JSON, each atomically.</summary>
    public static void Write(string folder, string caseId, ReadOnlySpan<float> labels, int[] shape, string source)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Label arrays are little-endian.");
        if (labels.Length != (long)shape[0] * shape[1] * shape[2]) throw new ArgumentException("Labels do not fill the shape.", nameof(labels));
        float max = 0;
        foreach (float v in labels)
        {
            if (v < 0 || v > ushort.MaxValue || v != MathF.Round(v)) throw new ArgumentException($"Case {caseId}: {v} is not a label.", nameof(labels));
            max = Math.Max(max, v);
        }
        bool small = max <= byte.MaxValue;
        var bytes = new byte[labels.Length * (small ? 1 : 2)];
        for (int i = 0; i < labels.Length; i++)
            if (small) bytes[i] = (byte)labels[i];
            else BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), (ushort)labels[i]);
        var array = new PreprocessedArrayInfo(caseId + FileSuffix + ".bin", small ? "uint8" : "uint16", (int[])shape.Clone());
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllBytes(Path.Combine(folder, array.File), bytes);
        JsonFile.Write(HeaderPath(folder, caseId), new Header { Labels = array, Source = source });
    }

    /// <summary>Opens a case; a missing or inconsistent file is an <see cref="InvalidInputException"/> naming it.</summary>
    public static PreviousStageSegmentation Open(string folder, string caseId)
    {
        var header = JsonFile.Read<Header>(HeaderPath(folder, caseId));
        if (header.FormatVersion != CurrentFormatVersion)
            throw new InvalidInputException($"{HeaderPath(folder, caseId)}: format version {header.FormatVersion} is not supported (expected {CurrentFormatVersion}).");
        return new PreviousStageSegmentation(folder, caseId, header);
    }

    /// <summary>
    /// Copies the labels of the box [lower, lower + size) into <paramref name="target"/> (size, C order); voxels outside
    /// the volume get 0 (background). Thread-safe.
    /// </summary>
    public void ReadBox(ReadOnlySpan<int> lower, ReadOnlySpan<int> size, Span<float> target)
    {
        if (target.Length != (long)size[0] * size[1] * size[2]) throw new ArgumentException("Target does not match the box.", nameof(target));
        target.Fill(PadLabel);
        int x0 = Math.Max(lower[2], 0), x1 = Math.Min(lower[2] + size[2], _shape[2]);
        if (x1 <= x0) return;
        for (int dz = 0; dz < size[0]; dz++)
        {
            int z = lower[0] + dz;
            if (z < 0 || z >= _shape[0]) continue;
            for (int dy = 0; dy < size[1]; dy++)
            {
                int y = lower[1] + dy;
                if (y < 0 || y >= _shape[1]) continue;
                long source = ((long)z * _shape[1] + y) * _shape[2] + x0;
                var row = target.Slice((dz * size[1] + dy) * size[2] + (x0 - lower[2]), x1 - x0);
                if (_elementSize == 1)
                {
                    var values = new ReadOnlySpan<byte>(_labels + source, row.Length);
                    for (int i = 0; i < row.Length; i++) row[i] = values[i];
                }
                else
                {
                    var values = new ReadOnlySpan<ushort>(_labels + 2 * source, row.Length);
                    for (int i = 0; i < row.Length; i++) row[i] = values[i];
                }
            }
        }
    }

    /// <summary>All labels (z, y, x).</summary>
    public float[] ReadAll()
    {
        var labels = new float[_shape[0] * _shape[1] * _shape[2]];
        ReadBox([0, 0, 0], _shape, labels);
        return labels;
    }

    public void Dispose() => _array.Dispose();

    /// <summary>The JSON beside the labels.</summary>
    sealed record Header
    {
        [JsonPropertyName("format_version")] public int FormatVersion { get; init; } = CurrentFormatVersion;
        [JsonPropertyName("labels")] public required PreprocessedArrayInfo Labels { get; init; }
        [JsonPropertyName("source")] public required string Source { get; init; }
    }
}
