using System.Numerics;
using System.Runtime.CompilerServices;

namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Cubic B-spline interpolation as scipy.ndimage does it (order 3, prefilter=True): samples are turned into spline
/// coefficients by the recursive filter with pole sqrt(3) - 2 and mirror boundary ("d c b | a b c d | c b a"),
/// and a value at x is the sum of four coefficients around floor(x) weighted by the cubic B-spline basis.
/// </summary>
internal static unsafe class CubicBSpline
{
    const double Pole = -0.26794919243112270; // sqrt(3) - 2
    const float Gain = 6f;                    // (1 - z)(1 - 1/z) for the cubic spline
    const int Horizon = 24;                   // |z|^24 < 2e-14: the causal start sum is truncated beyond this

    /// <summary>The four basis weights of the taps floor(x) - 1 ... floor(x) + 2 at fraction t = x - floor(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Weights(float t, out float w0, out float w1, out float w2, out float w3)
    {
        float t2 = t * t, t3 = t2 * t, u = 1f - t;
        w0 = u * u * u * (1f / 6f);
        w1 = (3f * t3 - 6f * t2 + 4f) * (1f / 6f);
        w2 = (-3f * t3 + 3f * t2 + 3f * t + 1f) * (1f / 6f);
        w3 = t3 * (1f / 6f);
    }

    /// <summary>Index of a tap beyond the ends under the mirror boundary (whole-sample symmetric).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Mirror(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * n - 2;
        i = Math.Abs(i) % period;
        return i < n ? i : period - i;
    }

    /// <summary>Coefficients of <paramref name="count"/> contiguous lines of length n (the last axis), in place.</summary>
    public static void PrefilterLines(float* first, int count, int n)
    {
        if (n < 2) return;
        int line = 0;
        for (; line + 4 <= count; line += 4) PrefilterFourLines(first + (long)line * n, n);
        for (; line < count; line++) PrefilterLine(first + (long)line * n, n);
    }

    static void PrefilterLine(float* c, int n)
    {
        float z = (float)Pole;
        c[0] = Gain * CausalStart(c, n, 1);
        for (int k = 1; k < n; k++) c[k] = Gain * c[k] + z * c[k - 1];
        c[n - 1] = (float)(Pole / (Pole * Pole - 1)) * (c[n - 1] + z * c[n - 2]);
        for (int k = n - 2; k >= 0; k--) c[k] = z * (c[k + 1] - c[k]);
    }

    /// <summary>Four lines at once: the recursions are latency-bound, four independent chains keep the core busy.</summary>
    static void PrefilterFourLines(float* a, int n)
    {
        float* b = a + n, c = b + n, d = c + n;
        float z = (float)Pole, end = (float)(Pole / (Pole * Pole - 1));
        a[0] = Gain * CausalStart(a, n, 1);
        b[0] = Gain * CausalStart(b, n, 1);
        c[0] = Gain * CausalStart(c, n, 1);
        d[0] = Gain * CausalStart(d, n, 1);
        for (int k = 1; k < n; k++)
        {
            a[k] = Gain * a[k] + z * a[k - 1];
            b[k] = Gain * b[k] + z * b[k - 1];
            c[k] = Gain * c[k] + z * c[k - 1];
            d[k] = Gain * d[k] + z * d[k - 1];
        }
        a[n - 1] = end * (a[n - 1] + z * a[n - 2]);
        b[n - 1] = end * (b[n - 1] + z * b[n - 2]);
        c[n - 1] = end * (c[n - 1] + z * c[n - 2]);
        d[n - 1] = end * (d[n - 1] + z * d[n - 2]);
        for (int k = n - 2; k >= 0; k--)
        {
            a[k] = z * (a[k + 1] - a[k]);
            b[k] = z * (b[k + 1] - b[k]);
            c[k] = z * (c[k + 1] - c[k]);
            d[k] = z * (d[k + 1] - d[k]);
        }
    }

    /// <summary>
    /// Coefficients along an outer axis: n rows of <paramref name="rowLength"/> contiguous values, <paramref name="stride"/>
    /// apart, filtered as rowLength independent lines at once (vectorised across the row).
    /// </summary>
    public static void PrefilterRows(float* first, int n, long stride, int rowLength)
    {
        if (n < 2) return;
        double z = Pole;
        // Causal start, in place in row 0: exact mirror sum for short lines, truncated otherwise.
        if (n <= Horizon)
        {
            double zn = Math.Pow(z, n - 1);
            for (int k = 1; k < n - 1; k++) ScaleAdd(first, 1f, first + k * stride, (float)(Math.Pow(z, k) + Math.Pow(z, 2 * n - 2 - k)), rowLength);
            ScaleAdd(first, 1f, first + (n - 1) * stride, (float)zn, rowLength);
            ScaleAdd(first, (float)(Gain / (1 - zn * zn)), first, 0f, rowLength);
        }
        else
        {
            for (int k = 1; k < Horizon; k++) ScaleAdd(first, 1f, first + k * stride, (float)Math.Pow(z, k), rowLength);
            ScaleAdd(first, Gain, first, 0f, rowLength);
        }
        for (int k = 1; k < n; k++) ScaleAdd(first + k * stride, Gain, first + (k - 1) * stride, (float)z, rowLength);
        float* last = first + (n - 1) * stride;
        ScaleAdd(last, (float)(z / (z * z - 1)), first + (n - 2) * stride, (float)(z * z / (z * z - 1)), rowLength);
        for (int k = n - 2; k >= 0; k--) ScaleAdd(first + k * stride, (float)-z, first + (k + 1) * stride, (float)z, rowLength);
    }

    static float CausalStart(float* c, int n, int step)
    {
        double z = Pole;
        if (n <= Horizon)
        {
            double zn = Math.Pow(z, n - 1), sum = c[0] + zn * c[(n - 1) * step], zk = z;
            for (int k = 1; k < n - 1; k++, zk *= z) sum += (zk + Math.Pow(z, 2 * n - 2 - k)) * c[k * step];
            return (float)(sum / (1 - zn * zn));
        }
        double s = c[0], p = z;
        for (int k = 1; k < Horizon; k++, p *= z) s += p * c[k * step];
        return (float)s;
    }

    /// <summary>dst = a * dst + b * src over <paramref name="length"/> values.</summary>
    static void ScaleAdd(float* dst, float a, float* src, float b, int length)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            var vb = new Vector<float>(b);
            for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var d = Unsafe.ReadUnaligned<Vector<float>>(dst + i);
                var s = Unsafe.ReadUnaligned<Vector<float>>(src + i);
                Unsafe.WriteUnaligned(dst + i, d * va + s * vb);
            }
        }
        for (; i < length; i++) dst[i] = a * dst[i] + b * src[i];
    }
}
