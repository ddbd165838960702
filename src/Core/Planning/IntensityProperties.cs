using System.Text.Json.Serialization;

namespace NnUNet.Core.Planning;

/// <summary>
/// Foreground intensity statistics of one modality over the training set (spec §3: every 10th voxel with
/// seg &gt; 0, pooled over cases). CT normalisation clips to [<see cref="Percentile00_5"/>,
/// <see cref="Percentile99_5"/>] and then subtracts <see cref="Mean"/> and divides by <see cref="Sd"/>.
/// </summary>
public sealed record IntensityProperties
{
    [JsonPropertyName("mean")] public required double Mean { get; init; }
    [JsonPropertyName("sd")] public required double Sd { get; init; }
    [JsonPropertyName("median")] public required double Median { get; init; }
    [JsonPropertyName("min")] public required double Min { get; init; }
    [JsonPropertyName("max")] public required double Max { get; init; }
    [JsonPropertyName("percentile_00_5")] public required double Percentile00_5 { get; init; }
    [JsonPropertyName("percentile_99_5")] public required double Percentile99_5 { get; init; }
}
