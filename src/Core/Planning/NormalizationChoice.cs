namespace NnUNet.Core.Planning;

/// <summary>Per-modality intensity normalisation of nnU-Net v1 (spec §4.10).</summary>
public static class NormalizationChoice
{
    /// <summary>Clip to the foreground 0.5-99.5 percentiles, then z-score with the dataset foreground mean/sd.</summary>
    public const string CT = "CT";

    /// <summary>Per-image z-score.</summary>
    public const string NonCT = "nonCT";

    /// <summary>No normalisation.</summary>
    public const string NoNorm = "noNorm";

    /// <summary>Cropping that leaves less than this share of the voxels (median over cases) means a non-zero region worth masking (spec §4.10).</summary>
    const double MaskSizeReductionThreshold = 3 / 4.0;

    /// <summary>"CT" or "ct" exactly -> CT, "noNorm" -> noNorm, anything else -> nonCT.</summary>
    public static string[] Schemes(IReadOnlyList<string> modalities) =>
        modalities.Select(m => m is "CT" or "ct" ? CT : m == "noNorm" ? NoNorm : NonCT).ToArray();

    /// <summary>
    /// Whether to normalise inside the non-zero mask only: never for a modality whose name CONTAINS "CT"
    /// (case-sensitive, so "ct" and "PET" do not count, "CTA" does); otherwise when the median size reduction
    /// by cropping is below 3/4 (spec §4.10).
    /// </summary>
    public static bool[] UseMaskForNorm(DatasetFingerprint fingerprint)
    {
        double medianSizeReduction = NumpyStatistics.Median(fingerprint.Cases.Select(c => c.SizeReduction));
        return fingerprint.Modalities
            .Select(m => !m.Contains("CT", StringComparison.Ordinal) && medianSizeReduction < MaskSizeReductionThreshold)
            .ToArray();
    }
}
