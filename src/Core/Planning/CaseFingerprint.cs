using System.Text.Json.Serialization;

namespace NnUNet.Core.Planning;

/// <summary>What the planner needs to know about one training case after cropping to its non-zero region (spec §3).</summary>
public sealed record CaseFingerprint
{
    /// <summary>Case identifier, e.g. <c>la_003</c> (file name without the channel suffix).</summary>
    [JsonPropertyName("case_identifier")]
    public required string CaseIdentifier { get; init; }

    /// <summary>Voxel spacing in millimetres, (z, y, x).</summary>
    [JsonPropertyName("spacing")]
    public required IReadOnlyList<double> Spacing { get; init; }

    /// <summary>Array shape after cropping to the non-zero bounding box, (z, y, x) voxels (v1 <c>all_sizes</c>).</summary>
    [JsonPropertyName("shape_after_cropping")]
    public required IReadOnlyList<int> ShapeAfterCropping { get; init; }

    /// <summary>Voxels after cropping divided by voxels before (1 = nothing cropped).</summary>
    [JsonPropertyName("size_reduction")]
    public required double SizeReduction { get; init; }

    /// <summary>
    /// This case's own foreground intensity statistics by channel index (v1 <c>local_props</c>), when the
    /// dataset's statistics were collected; a channel entry is null when the case has no foreground voxel.
    /// </summary>
    [JsonPropertyName("intensity_properties")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(IndexedListJsonConverter<IntensityProperties>))]
    public IReadOnlyList<IntensityProperties?>? IntensityProperties { get; init; }
}
