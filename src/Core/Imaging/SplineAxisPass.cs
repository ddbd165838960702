using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NnUNet.Core.Imaging;

/// <summary>
/// One separable pass of a zoom: resamples every line along one axis of an array viewed as
/// (outer, n, inner) into (outer, m, inner), in float64 inside the lines. Several lines are processed together
/// as lanes of a block laid out [position][lane], so the recursive spline prefilter and the evaluation run as
/// SIMD operations across lanes: for an inner axis the lanes are neighbouring columns (contiguous rows), for the
/// last axis they are neighbouring lines (gathered transposed).
/// Per line this is exactly scipy's 1D arithmetic: edge padding, the order-3 prefilter of spline_filter1d with
/// the mirror boundary it uses for mode "nearest", then the weighted sum of the taps in tap order.
/// </summary>
internal static class SplineAxisPass
{
    /// <summary>Pole of the cubic B-spline prefilter: sqrt(3) - 2.</summary>
    const double CubicPole = -0.267949192431122706472553658494127633;

    /// <summary>Terms of the causal initial sum actually summed: |pole|^40 is below 1e-22, far under double
    /// precision, so longer lines skip terms that cannot change the result.</summary>
    const int CausalInitTerms = 40;

    /// <summary>Lines gathered together when the resampled axis is the contiguous one.</summary>
    static readonly int TransposedLanes = Math.Max(16, Vector<double>.Count);

    /// <summary>Block size aimed at per worker, in doubles (about 256 KB, stays in L2).</summary>
    const int TargetBlockDoubles = 32 * 1024;

    public static void Run<TIn, TOut>(TIn[] source, TOut[] destination, int outer, int inner, AxisSampling sampling,
        int maxDegreeOfParallelism)
        where TIn : unmanaged where TOut : unmanaged
    {
        int vec = Vector<double>.Count;
        int padded = sampling.PaddedLength;
        int lanes, laneBlocks, blocks;
        if (inner == 1)
        {
            lanes = TransposedLanes;
            laneBlocks = 1;
            blocks = DivUp(outer, lanes);
        }
        else
        {
            lanes = Math.Min(RoundUp(inner, vec), Math.Max(vec, TargetBlockDoubles / padded / vec * vec));
            laneBlocks = DivUp(inner, lanes);
            blocks = checked(outer * laneBlocks);
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : -1 };
        Parallel.For(0, blocks, options,
            () => new double[(padded + 1) * lanes],
            (block, _, buffer) =>
            {
                RunBlock(source, destination, outer, inner, sampling, lanes, laneBlocks, block, buffer);
                return buffer;
            },
            _ => { });
    }

    static void RunBlock<TIn, TOut>(TIn[] source, TOut[] destination, int outer, int inner, AxisSampling s,
        int lanes, int laneBlocks, int block, double[] buffer)
        where TIn : unmanaged where TOut : unmanaged
    {
        int n = s.InputLength, m = s.OutputLength, pad = s.Padding, length = s.PaddedLength;
        nuint w = (nuint)lanes;
        ref double lines = ref MemoryMarshal.GetArrayDataReference(buffer);
        Span<double> result = buffer.AsSpan(length * lanes, lanes);

        int firstLine, column = 0, count;
        if (inner == 1)
        {
            firstLine = block * lanes;
            count = Math.Min(lanes, outer - firstLine);
            for (int l = 0; l < count; l++)
            {
                ref TIn line = ref MemoryMarshal.GetReference(source.AsSpan((firstLine + l) * n, n));
                ref double lane = ref Unsafe.Add(ref lines, (nuint)pad * w + (nuint)l);
                for (int i = 0; i < n; i++) Unsafe.Add(ref lane, (nuint)i * w) = ToDouble(Unsafe.Add(ref line, i));
            }
        }
        else
        {
            firstLine = block / laneBlocks;
            column = block % laneBlocks * lanes;
            count = Math.Min(lanes, inner - column);
            for (int i = 0; i < n; i++)
                Widen(source.AsSpan((firstLine * n + i) * inner + column, count), buffer.AsSpan((i + pad) * lanes, count));
        }

        var all = buffer.AsSpan(0, length * lanes);
        for (int i = 0; i < pad; i++)
        {
            all.Slice(pad * lanes, lanes).CopyTo(all.Slice(i * lanes, lanes));
            all.Slice((pad + n - 1) * lanes, lanes).CopyTo(all.Slice((pad + n + i) * lanes, lanes));
        }

        if (s.NeedsPrefilter) Prefilter(ref lines, length, w);

        // Sums start from +0.0 as scipy's do, so a -0.0 product or sample comes out as +0.0.
        int taps = s.Taps;
        nuint vc = (nuint)Vector<double>.Count;
        ref double output = ref MemoryMarshal.GetReference(result);
        ref int indices = ref MemoryMarshal.GetArrayDataReference(s.Indices);
        ref double weights = ref MemoryMarshal.GetArrayDataReference(s.Weights);
        for (int k = 0; k < m; k++)
        {
            nuint t = (nuint)(k * taps);
            nuint o0 = (nuint)Unsafe.Add(ref indices, t) * w;
            switch (s.Order)
            {
                case InterpolationOrder.Nearest:
                    for (nuint v = 0; v < w; v += vc)
                        (Vector<double>.Zero + Vector.LoadUnsafe(ref lines, o0 + v)).StoreUnsafe(ref output, v);
                    break;
                case InterpolationOrder.Linear:
                {
                    nuint o1 = (nuint)Unsafe.Add(ref indices, t + 1) * w;
                    double w0 = Unsafe.Add(ref weights, t), w1 = Unsafe.Add(ref weights, t + 1);
                    for (nuint v = 0; v < w; v += vc)
                        (Vector<double>.Zero + Vector.LoadUnsafe(ref lines, o0 + v) * w0
                                             + Vector.LoadUnsafe(ref lines, o1 + v) * w1).StoreUnsafe(ref output, v);
                    break;
                }
                default:
                {
                    nuint o1 = (nuint)Unsafe.Add(ref indices, t + 1) * w;
                    nuint o2 = (nuint)Unsafe.Add(ref indices, t + 2) * w;
                    nuint o3 = (nuint)Unsafe.Add(ref indices, t + 3) * w;
                    double w0 = Unsafe.Add(ref weights, t), w1 = Unsafe.Add(ref weights, t + 1);
                    double w2 = Unsafe.Add(ref weights, t + 2), w3 = Unsafe.Add(ref weights, t + 3);
                    for (nuint v = 0; v < w; v += vc)
                        (Vector<double>.Zero + Vector.LoadUnsafe(ref lines, o0 + v) * w0
                                             + Vector.LoadUnsafe(ref lines, o1 + v) * w1
                                             + Vector.LoadUnsafe(ref lines, o2 + v) * w2
                                             + Vector.LoadUnsafe(ref lines, o3 + v) * w3).StoreUnsafe(ref output, v);
                    break;
                }
            }

            if (inner == 1)
            {
                ref TOut target = ref MemoryMarshal.GetReference(destination.AsSpan(firstLine * m, (count - 1) * m + k + 1));
                for (int l = 0; l < count; l++) Unsafe.Add(ref target, l * m + k) = FromDouble<TOut>(result[l]);
            }
            else
            {
                Narrow(result[..count], destination.AsSpan((firstLine * m + k) * inner + column, count));
            }
        }
    }

    /// <summary>
    /// Turns samples into cubic B-spline coefficients along the positions of the block, every lane at once:
    /// gain, causal recursion started by the mirror-boundary sum, anticausal recursion started by its closed form.
    /// Rows are <paramref name="w"/> lanes wide (a multiple of the vector width).
    /// </summary>
    static void Prefilter(ref double lines, int length, nuint w)
    {
        const double pole = CubicPole;
        nuint vc = (nuint)Vector<double>.Count;
        double gain = (1.0 - pole) * (1.0 - 1.0 / pole);
        nuint total = (nuint)length * w;
        for (nuint o = 0; o < total; o += vc) (Vector.LoadUnsafe(ref lines, o) * gain).StoreUnsafe(ref lines, o);

        double poleToLast = Math.Pow(pole, length - 1);
        nuint end = (nuint)(length - 1) * w;
        for (nuint v = 0; v < w; v += vc)
            (Vector.LoadUnsafe(ref lines, v) + Vector.LoadUnsafe(ref lines, end + v) * poleToLast).StoreUnsafe(ref lines, v);
        int terms = Math.Min(length - 2, CausalInitTerms);
        double power = pole;
        for (int i = 1; i <= terms; i++)
        {
            // Rows 1..length-2 only: the first row accumulates in place.
            nuint near = (nuint)i * w, far = (nuint)(length - 1 - i) * w;
            for (nuint v = 0; v < w; v += vc)
                (Vector.LoadUnsafe(ref lines, v)
                 + (Vector.LoadUnsafe(ref lines, near + v) + Vector.LoadUnsafe(ref lines, far + v) * poleToLast) * power)
                    .StoreUnsafe(ref lines, v);
            power *= pole;
        }
        double divisor = 1 - poleToLast * poleToLast;
        for (nuint v = 0; v < w; v += vc) (Vector.LoadUnsafe(ref lines, v) / divisor).StoreUnsafe(ref lines, v);

        for (nuint row = w; row < total; row += w)
            for (nuint v = 0; v < w; v += vc)
                (Vector.LoadUnsafe(ref lines, row + v) + Vector.LoadUnsafe(ref lines, row - w + v) * pole)
                    .StoreUnsafe(ref lines, row + v);

        double endDivisor = pole * pole - 1;
        for (nuint v = 0; v < w; v += vc)
            ((Vector.LoadUnsafe(ref lines, end - w + v) * pole + Vector.LoadUnsafe(ref lines, end + v)) * pole / endDivisor)
                .StoreUnsafe(ref lines, end + v);

        for (nuint row = end; row > 0; row -= w)
            for (nuint v = 0; v < w; v += vc)
                ((Vector.LoadUnsafe(ref lines, row + v) - Vector.LoadUnsafe(ref lines, row - w + v)) * pole)
                    .StoreUnsafe(ref lines, row - w + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static double ToDouble<T>(T value) where T : unmanaged =>
        typeof(T) == typeof(float) ? Unsafe.As<T, float>(ref value) : Unsafe.As<T, double>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static T FromDouble<T>(double value) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float f = (float)value;
            return Unsafe.As<float, T>(ref f);
        }
        return Unsafe.As<double, T>(ref value);
    }

    /// <summary>Copies float or double samples into a double row.</summary>
    static void Widen<T>(ReadOnlySpan<T> source, Span<double> destination) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(source).CopyTo(destination);
            return;
        }
        var floats = MemoryMarshal.Cast<T, float>(source);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var inVectors = MemoryMarshal.Cast<float, Vector<float>>(floats);
            var outVectors = MemoryMarshal.Cast<double, Vector<double>>(destination);
            for (int v = 0; v < inVectors.Length; v++)
            {
                Vector.Widen(inVectors[v], out var low, out var high);
                outVectors[2 * v] = low;
                outVectors[2 * v + 1] = high;
            }
            i = inVectors.Length * Vector<float>.Count;
        }
        for (; i < floats.Length; i++) destination[i] = floats[i];
    }

    /// <summary>Stores a double row as float (rounded to nearest) or double samples.</summary>
    static void Narrow<T>(ReadOnlySpan<double> source, Span<T> destination) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            source.CopyTo(MemoryMarshal.Cast<T, double>(destination));
            return;
        }
        var floats = MemoryMarshal.Cast<T, float>(destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var inVectors = MemoryMarshal.Cast<double, Vector<double>>(source);
            var outVectors = MemoryMarshal.Cast<float, Vector<float>>(floats);
            for (int v = 0; v < outVectors.Length; v++)
                outVectors[v] = Vector.Narrow(inVectors[2 * v], inVectors[2 * v + 1]);
            i = outVectors.Length * Vector<float>.Count;
        }
        for (; i < floats.Length; i++) floats[i] = (float)source[i];
    }

    static int DivUp(int a, int b) => (a + b - 1) / b;

    static int RoundUp(int a, int b) => DivUp(a, b) * b;
}
