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
}
