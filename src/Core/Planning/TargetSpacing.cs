namespace NnUNet.Core.Planning;

/// <summary>The spacing all cases are resampled to (spec §4.1), and the axis order planning works in (spec §4.2).</summary>
public static class TargetSpacing
{
    /// <summary>An axis is anisotropic when it is this many times coarser (and this many times shorter) (spec §4.1).</summary>
    public const double AnisotropyThreshold = 3;

    /// <summary>Percentile of the coarse axis' spacings used for anisotropic datasets (spec §4.1).</summary>
    const double AnisotropicAxisPercentile = 10;

    /// <summary>Margin above the finer spacing when the percentile falls below it (spec §4.1).</summary>
    const double ClampMargin = 1e-5;

    /// <summary>Per-axis median spacing (v1 base planner; used by the 2D planner).</summary>
    public static double[] Median(DatasetFingerprint fingerprint) =>
        Enumerable.Range(0, 3).Select(axis =>
            NumpyStatistics.Percentile(fingerprint.Cases.Select(c => c.Spacing[axis]), 50)).ToArray();

    /// <summary>
    /// ExperimentPlanner3D_v21's target: the per-axis median, except that when the coarsest axis is more than
    /// 3x coarser than the others AND its median size times 3 is below the others' smallest median size, it
    /// becomes the 10th percentile of that axis' spacings (clamped to max(other spacings) + 1e-5 when lower).
    /// </summary>
    /// <param name="fingerprint">The dataset fingerprint.</param>
    /// <param name="changed">Whether the rule applied AND moved the coarse axis away from its median
    /// (uniform slice thickness leaves it unchanged even when the rule applies).</param>
    public static double[] V21(DatasetFingerprint fingerprint, out bool changed)
    {
        double[] target = Median(fingerprint);
        double[] targetSize = Enumerable.Range(0, 3).Select(axis =>
            NumpyStatistics.Percentile(fingerprint.Cases.Select(c => (double)c.ShapeAfterCropping[axis]), 50)).ToArray();

        int worst = NumpyStatistics.ArgmaxFirst(target);
        int[] others = Enumerable.Range(0, 3).Where(i => i != worst).ToArray();
        double maxOtherSpacing = others.Max(i => target[i]);
        double minOtherSize = others.Min(i => targetSize[i]);

        bool anisotropicSpacing = target[worst] > AnisotropyThreshold * maxOtherSpacing;
        bool anisotropicVoxels = targetSize[worst] * AnisotropyThreshold < minOtherSize;
        changed = false;
        if (anisotropicSpacing && anisotropicVoxels)
        {
            double p10 = NumpyStatistics.Percentile(fingerprint.Cases.Select(c => c.Spacing[worst]), AnisotropicAxisPercentile);
            if (p10 < maxOtherSpacing) p10 = Math.Max(maxOtherSpacing, p10) + ClampMargin;
            changed = p10 != target[worst];
            target[worst] = p10;
        }
        return target;
    }

    /// <summary>Axis order for planning: the coarsest axis of <paramref name="target"/> first (first on ties), the others in order.</summary>
    public static int[] TransposeForward(IReadOnlyList<double> target)
    {
        int coarsest = NumpyStatistics.ArgmaxFirst(target);
        return [coarsest, .. Enumerable.Range(0, target.Count).Where(i => i != coarsest)];
    }

    /// <summary>The inverse permutation of <paramref name="forward"/>.</summary>
    public static int[] TransposeBackward(IReadOnlyList<int> forward) =>
        Enumerable.Range(0, forward.Count).Select(axis => forward.ToList().IndexOf(axis)).ToArray();

    /// <summary>values[forward[0]], values[forward[1]], ...</summary>
    public static double[] Transpose(IReadOnlyList<double> values, IReadOnlyList<int> forward) =>
        forward.Select(axis => values[axis]).ToArray();

    /// <summary>
    /// Median over cases of each case's shape resampled to <paramref name="target"/> (spacing / target * shape,
    /// unrounded), untransposed.
    /// </summary>
    public static double[] MedianResampledShape(DatasetFingerprint fingerprint, IReadOnlyList<double> target) =>
        Enumerable.Range(0, 3).Select(axis => NumpyStatistics.Median(fingerprint.Cases.Select(c =>
            c.Spacing[axis] / target[axis] * c.ShapeAfterCropping[axis]))).ToArray();
}
