using System.Text.Json.Serialization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Planning;

/// <summary>
/// The dataset fingerprint the experiment planner works from (nnU-Net v1 <c>dataset_properties</c>, spec §3),
/// stored as <see cref="FileName"/> in the preprocessed task folder. Cases are in the order of the sorted
/// case identifiers, as v1 lists its cropped files.
/// </summary>
public sealed record DatasetFingerprint
{
    /// <summary>File name inside the preprocessed task folder.</summary>
    public const string FileName = "dataset_properties.json";

    /// <summary>Per training case: spacing, cropped shape, size reduction.</summary>
    [JsonPropertyName("cases")]
    public required IReadOnlyList<CaseFingerprint> Cases { get; init; }

    /// <summary>Modality (channel) names by channel index, from dataset.json (e.g. "CT", "T2", "noNorm").</summary>
    [JsonPropertyName("modalities")]
    [JsonConverter(typeof(IndexedListJsonConverter<string>))]
    public required IReadOnlyList<string> Modalities { get; init; }

    /// <summary>Foreground label values (every label &gt; 0 of dataset.json), ascending.</summary>
    [JsonPropertyName("all_classes")]
    public required IReadOnlyList<int> AllClasses { get; init; }

    /// <summary>
    /// Foreground intensity statistics by channel index; v1 collects them only when some modality is CT,
    /// otherwise null.
    /// </summary>
    [JsonPropertyName("intensity_properties")]
    [JsonConverter(typeof(IndexedListJsonConverter<IntensityProperties>))]
    public IReadOnlyList<IntensityProperties>? IntensityProperties { get; init; }

    /// <summary>Reads a fingerprint file; a missing or malformed file is an <see cref="InvalidInputException"/>.</summary>
    public static DatasetFingerprint Read(string path)
    {
        var fingerprint = PlanningJson.Read<DatasetFingerprint>(path, "dataset fingerprint");
        fingerprint.Validate(path);
        return fingerprint;
    }

    /// <summary>Writes the fingerprint as indented JSON (temporary file, then rename).</summary>
    public void Write(string path) => PlanningJson.Write(path, this);

    /// <summary>
    /// Throws <see cref="InvalidInputException"/> (prefixed with <paramref name="source"/>) when the
    /// fingerprint cannot be planned from: no cases, non-3D or non-positive spacings and shapes, no modality.
    /// </summary>
    public void Validate(string source)
    {
        if (Cases.Count == 0) throw new InvalidInputException($"{source}: the fingerprint lists no training cases");
        if (Modalities.Count == 0) throw new InvalidInputException($"{source}: the fingerprint lists no modality");
        if (IntensityProperties != null && IntensityProperties.Count != Modalities.Count)
            throw new InvalidInputException(
                $"{source}: intensity_properties has {IntensityProperties.Count} channels but there are {Modalities.Count} modalities");
        foreach (var c in Cases)
        {
            if (c.Spacing.Count != 3 || c.ShapeAfterCropping.Count != 3)
                throw new InvalidInputException($"{source}: case {c.CaseIdentifier} needs a 3-axis spacing and shape (z, y, x)");
            if (c.Spacing.Any(s => !(s > 0) || double.IsInfinity(s)))
                throw new InvalidInputException($"{source}: case {c.CaseIdentifier} has a non-positive or non-finite spacing [{string.Join(", ", c.Spacing)}]");
            if (c.ShapeAfterCropping.Any(s => s < 1))
                throw new InvalidInputException($"{source}: case {c.CaseIdentifier} has an empty shape after cropping [{string.Join(", ", c.ShapeAfterCropping)}]");
            if (!(c.SizeReduction > 0) || c.SizeReduction > 1)
                throw new InvalidInputException($"{source}: case {c.CaseIdentifier} has a size reduction of {c.SizeReduction}, expected (0, 1]");
        }
    }
}
