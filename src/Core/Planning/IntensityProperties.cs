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

    /// <summary>
    /// The statistics v1's DatasetAnalyzer computes from float32 foreground samples (in the order collected:
    /// the sums depend on it): median, mean, sd (ddof 0), min and max are float32 values as numpy computes them
    /// on a float32 array; the percentiles are float64. Null when there are no samples (v1 gets NaN).
    /// </summary>
    public static IntensityProperties? FromSamples(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty) return null;
        float[] sorted = samples.ToArray();
        Array.Sort(sorted);
        return new IntensityProperties
        {
            Mean = NumpyStatistics.MeanFloat32(samples),
            Sd = NumpyStatistics.StdFloat32(samples),
            Median = NumpyStatistics.MedianOfSorted(sorted),
            Min = sorted[0],
            Max = sorted[^1],
            Percentile00_5 = NumpyStatistics.PercentileOfSorted(sorted, 0.5),
            Percentile99_5 = NumpyStatistics.PercentileOfSorted(sorted, 99.5),
        };
    }
}
