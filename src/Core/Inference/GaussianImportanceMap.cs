using NnUNet.Core.Numerics;

namespace NnUNet.Core.Inference;

/// <summary>
/// The weight each patch prediction gets in the sliding-window average (spec §8): a unit impulse at
/// index size/2 per axis, blurred with a Gaussian of sigma = patch/8 per axis, divided by its maximum,
/// as float32; zeros become the smallest non-zero value. Bit-identical to nnU-Net v1's <c>_get_gaussian</c>
/// (scipy <c>gaussian_filter</c>, mode constant, truncate 4): the blur of an impulse is the product of the
/// per-axis normalised kernels, multiplied in axis order in float64.
/// </summary>
public static class GaussianImportanceMap
{
    /// <summary>Gaussian sigma as a fraction of the patch size. spec §8</summary>
    public const double SigmaScale = 1.0 / 8;

    /// <summary>scipy's default kernel truncation, in sigmas.</summary>
    const double Truncate = 4.0;

    /// <summary>The map for a patch of any number of axes, as float32 in C order (last axis fastest).</summary>
    public static float[] Create(ReadOnlySpan<int> patchSize, double sigmaScale = SigmaScale)
    {
        if (patchSize.Length == 0) throw new ArgumentException("The patch needs at least one axis.", nameof(patchSize));
        double[][] profiles = new double[patchSize.Length][];
        long total = 1;
        for (int d = 0; d < patchSize.Length; d++)
        {
            if (patchSize[d] < 1) throw new ArgumentOutOfRangeException(nameof(patchSize), $"Patch axis {d} has size {patchSize[d]}.");
            profiles[d] = AxisProfile(patchSize[d], sigmaScale);
            total *= patchSize[d];
        }
        if (total > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(patchSize), "The patch is too large for one array.");

        // Products of all axes but the last, in float64 and axis order: ((a0 * a1) * a2) ...
        double[] outer = [1.0];
        double center = 1.0;
        for (int d = 0; d < patchSize.Length - 1; d++)
        {
            outer = OuterProduct(outer, profiles[d]);
            center *= profiles[d][patchSize[d] / 2];
        }
        double[] last = profiles[^1];
        center *= last[last.Length / 2];

        var map = new float[total];
        float smallestNonZero = float.PositiveInfinity;
        bool anyZero = false;
        int n = last.Length;
        for (int o = 0; o < outer.Length; o++)
        {
            double factor = outer[o];
            Span<float> row = map.AsSpan(o * n, n);
            for (int k = 0; k < n; k++)
            {
                float v = (float)(factor * last[k] / center);
                row[k] = v;
                if (v == 0f) anyZero = true;
                else if (v < smallestNonZero) smallestNonZero = v;
            }
        }
        if (anyZero) map.AsSpan().Replace(0f, smallestNonZero);
        return map;
    }

    /// <summary>
    /// The blurred impulse along one axis in float64: w[k] = exp(-0.5 k^2 / sigma^2) for |k| &lt;= radius =
    /// int(4 sigma + 0.5), normalised by its (numpy pairwise) sum, placed around index size/2, 0 elsewhere.
    /// </summary>
    public static double[] AxisProfile(int size, double sigmaScale = SigmaScale)
    {
        double sigma = size * sigmaScale;
        int radius = (int)(Truncate * sigma + 0.5);
        double scale = -0.5 / (sigma * sigma);
        var kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) kernel[k + radius] = Math.Exp(scale * ((double)k * k));
        double sum = NumpySum.Pairwise(kernel);
        for (int i = 0; i < kernel.Length; i++) kernel[i] /= sum;

        var profile = new double[size];
        int c = size / 2;
        for (int i = 0; i < size; i++)
        {
            int k = i - c;
            if (k >= -radius && k <= radius) profile[i] = kernel[k + radius];
        }
        return profile;
    }

    static double[] OuterProduct(double[] a, double[] b)
    {
        var result = new double[a.Length * b.Length];
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++)
                result[i * b.Length + j] = a[i] * b[j];
        return result;
    }
}
