using NnUNet.Abstractions;
using NnUNet.Core.Planning;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// v1 intensity normalisation per channel (spec §5 "Normalization", GenericPreprocessor), in numpy's float32 steps
/// so results match the original to the bit:
/// <list type="bullet">
/// <item>CT: clip to [percentile_00_5, percentile_99_5] of the dataset foreground (bounds rounded to float32), then
/// (x - mean) / sd with the dataset's float32 mean and sd; with the mask, voxels with seg &lt; 0 become 0.</item>
/// <item>noNorm: unchanged.</item>
/// <item>anything else (nonCT, z-score): with the mask, mean and std (numpy float32, ddof 0) over the voxels with
/// seg &gt;= 0, (x - mean) / (std + 1e-8) there and 0 elsewhere; without, the same over the whole channel.</item>
/// </list>
/// The segmentation is the resampled one (-1 outside the non-zero mask).
/// </summary>
public static class IntensityNormalizer
{
    /// <summary>Added to the standard deviation of the z-score. spec §5</summary>
    public const double ZScoreEpsilon = 1e-8;

    /// <summary>Normalises <paramref name="data"/> ((c, z, y, x), c = schemes.Count) in place.</summary>
    /// <param name="segmentation">The case's label map at the same voxels (-1 outside the non-zero mask).</param>
    /// <param name="intensityProperties">Dataset foreground statistics per channel; needed by CT channels.</param>
    public static void Normalize(Span<float> data, ReadOnlySpan<float> segmentation, IReadOnlyList<string> schemes,
        IReadOnlyList<bool> useMask, IReadOnlyList<IntensityProperties>? intensityProperties)
    {
        int channels = schemes.Count;
        if (useMask.Count != channels) throw new ArgumentException("One use-mask flag per channel is needed.", nameof(useMask));
        int voxels = segmentation.Length;
        if (data.Length != (long)channels * voxels) throw new ArgumentException("Data length does not match channels x segmentation.", nameof(data));
        for (int c = 0; c < channels; c++)
        {
            var channel = data.Slice(c * voxels, voxels);
            switch (schemes[c])
            {
                case NormalizationChoice.CT:
                    var properties = intensityProperties is { } all && c < all.Count ? all[c]
                        : throw new InvalidInputException($"Channel {c} uses CT normalisation but the plans hold no foreground intensity statistics for it; rerun plan_and_preprocess.");
                    NormalizeCT(channel, properties, useMask[c] ? segmentation : default);
                    break;
                case NormalizationChoice.NoNorm:
                    break;
                default:
                    if (useMask[c]) ZScoreInsideMask(channel, segmentation);
                    else ZScore(channel);
                    break;
            }
        }
    }

    static void NormalizeCT(Span<float> channel, IntensityProperties p, ReadOnlySpan<float> maskSegmentation)
    {
        float lower = (float)p.Percentile00_5, upper = (float)p.Percentile99_5;
        float mean = (float)p.Mean, sd = (float)p.Sd;
        for (int i = 0; i < channel.Length; i++)
        {
            float v = channel[i];
            v = v < lower ? lower : v; // np.clip = minimum(maximum(x, lower), upper)
            v = v > upper ? upper : v;
            channel[i] = (v - mean) / sd;
        }
        if (maskSegmentation.IsEmpty) return;
        for (int i = 0; i < channel.Length; i++)
            if (maskSegmentation[i] < 0) channel[i] = 0f;
    }

    static void ZScore(Span<float> channel)
    {
        float mean = NumpyStatistics.MeanFloat32(channel);
        float divisor = (float)(NumpyStatistics.StdFloat32(channel) + ZScoreEpsilon);
        for (int i = 0; i < channel.Length; i++) channel[i] = (channel[i] - mean) / divisor;
    }

    static void ZScoreInsideMask(Span<float> channel, ReadOnlySpan<float> segmentation)
    {
        int count = 0;
        foreach (float s in segmentation) if (s >= 0) count++;
        if (count == 0)
        {
            channel.Clear();
            return;
        }
        // numpy gathers data[mask] into a contiguous array; its sums run over that array.
        var inside = GC.AllocateUninitializedArray<float>(count);
        for (int i = 0, k = 0; i < channel.Length; i++)
            if (segmentation[i] >= 0) inside[k++] = channel[i];
        float mean = NumpyStatistics.MeanFloat32(inside);
        float divisor = (float)(NumpyStatistics.StdFloat32(inside) + ZScoreEpsilon);
        for (int i = 0; i < channel.Length; i++)
            channel[i] = segmentation[i] >= 0 ? (channel[i] - mean) / divisor : 0f;
    }
}
