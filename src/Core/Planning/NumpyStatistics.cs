using NnUNet.Core.Numerics;

namespace NnUNet.Core.Planning;

/// <summary>
/// The few numpy statistics planning depends on, reproduced to the last bit (numpy 1.24 formulas), because
/// a target spacing one ulp off changes every resampled shape downstream.
/// </summary>
public static class NumpyStatistics
{
    /// <summary>
    /// <c>np.percentile(values, q)</c> with the default linear method: sorted x, virtual index
    /// v = (n - 1) * (q / 100), lower neighbour a = x[floor(v)], upper b = x[min(floor(v) + 1, n - 1)],
    /// g = v - floor(v); numpy interpolates from the nearer end: b - (b - a)(1 - g) when g &gt;= 0.5, else a + (b - a) g.
    /// </summary>
    public static double Percentile(IEnumerable<double> values, double q)
    {
        double[] x = values.ToArray();
        if (x.Length == 0) throw new ArgumentException("percentile of no values", nameof(values));
        if (x.Any(double.IsNaN)) throw new ArgumentException("percentile of NaN values", nameof(values));
        Array.Sort(x);
        double v = (x.Length - 1) * (q / 100);
        double lower = Math.Floor(v);
        double g = v - lower;
        int i = (int)lower;
        double a = x[i], b = x[Math.Min(i + 1, x.Length - 1)];
        double diff = b - a;
        return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
    }

    /// <summary><c>np.median</c>: the middle element, or (a + b) / 2 of the two middle ones.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] x = values.ToArray();
        if (x.Length == 0) throw new ArgumentException("median of no values", nameof(values));
        Array.Sort(x);
        int mid = x.Length / 2;
        return x.Length % 2 == 1 ? x[mid] : (x[mid - 1] + x[mid]) / 2;
    }

    /// <summary><c>np.round</c> to an integer: round half to even (2.5 -> 2, 3.5 -> 4).</summary>
    public static int RoundHalfEven(double value) => checked((int)Math.Round(value, MidpointRounding.ToEven));

    /// <summary>
    /// Index numpy's <c>np.argsort(values)[-1]</c> picks: the largest value, the LAST index among ties
    /// (numpy sorts short arrays stably), NaN counting as largest.
    /// </summary>
    public static int ArgsortLast(IReadOnlyList<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++)
        {
            double v = values[i], b = values[best];
            if (double.IsNaN(v) || (!double.IsNaN(b) && v >= b)) best = i;
        }
        return best;
    }

    /// <summary><c>np.argmax</c>: the FIRST index of the largest value.</summary>
    public static int ArgmaxFirst(IReadOnlyList<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
    /// <summary>
    /// <c>np.percentile(values, q)</c> of a float32 array (numpy 1.24, linear method), given the values sorted
    /// ascending: as <see cref="Percentile"/>, except that numpy subtracts the neighbours in float32
    /// (diff = (float)(b - a)) before interpolating in float64.
    /// </summary>
    public static double PercentileOfSorted(ReadOnlySpan<float> sorted, double q)
    {
        if (sorted.IsEmpty) throw new ArgumentException("percentile of no values", nameof(sorted));
        double v = (sorted.Length - 1) * (q / 100);
        double lower = Math.Floor(v);
        double g = v - lower;
        int i = (int)lower;
        float a = sorted[i], b = sorted[Math.Min(i + 1, sorted.Length - 1)];
        double diff = b - a; // float32 subtraction, then widened
        return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
    }

    /// <summary><c>np.median</c> of a float32 array, given the values sorted ascending: the middle element, or the
    /// float32 mean of the two middle ones ((float)(a + b) / 2).</summary>
    public static float MedianOfSorted(ReadOnlySpan<float> sorted)
    {
        if (sorted.IsEmpty) throw new ArgumentException("median of no values", nameof(sorted));
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : MeanFloat32(sorted.Slice(mid - 1, 2));
    }

    /// <summary><c>np.mean</c> of a contiguous float32 array: numpy's float32 sum, divided in float64, rounded to float32.</summary>
    public static float MeanFloat32(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("mean of no values", nameof(values));
        return (float)((double)NumpySum.Float32(values) / values.Length);
    }

    /// <summary>
    /// <c>np.std</c> (ddof 0) of a contiguous float32 array, in numpy's float32 steps: mean = sum / (float)n;
    /// squared deviations (x - mean)^2 in float32, summed like <see cref="NumpySum.Float32"/>; divided by n in
    /// float64 and rounded to float32; float32 square root.
    /// </summary>
    public static float StdFloat32(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("std of no values", nameof(values));
        float mean = NumpySum.Float32(values) / values.Length; // keepdims array: float32 division
        Span<float> squares = new float[Math.Min(values.Length, NumpySum.ReductionBufferSize)];
        float sum = 0f;
        for (int start = 0; start < values.Length; start += squares.Length)
        {
            var chunk = values.Slice(start, Math.Min(squares.Length, values.Length - start));
            for (int i = 0; i < chunk.Length; i++)
            {
                float d = chunk[i] - mean;
                squares[i] = d * d;
            }
            sum += NumpySum.PairwiseFloat32(squares[..chunk.Length]);
        }
        return MathF.Sqrt((float)((double)sum / values.Length));
    }
}
