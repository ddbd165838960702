using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NnUNet.Core.Numerics;

/// <summary>
/// numpy's summation order for a contiguous float64 array (<c>a.sum()</c>), needed where nnU-Net normalises
/// by a sum and the last bit matters: below 8 values a plain loop; up to 128 values eight interleaved
/// accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the remainder in order; above that
/// the two halves (the first a multiple of 8 long) summed recursively and added. numpy applies this kernel to
/// buffers of <see cref="ReductionBufferSize"/> elements, so <see cref="Pairwise"/> is <c>a.sum()</c> for arrays up
/// to that length; <see cref="Float32"/> reproduces the buffering.
/// </summary>
public static class NumpySum
{
    const int BlockSize = 128;

    /// <summary>numpy reduces in buffers of this many elements: each is summed pairwise, the partial sums in order.</summary>
    public const int ReductionBufferSize = 8192;

    public static double Pairwise(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= BlockSize)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            int i = 8;
            for (; i < n - n % 8; i += 8)
                for (int j = 0; j < 8; j++) r[j] += a[i + j];
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return Pairwise(a[..half]) + Pairwise(a[half..]);
    }

    /// <summary>
    /// <c>a.sum()</c> of a contiguous float32 array (numpy 1.24), in float32 arithmetic: the array is reduced in
    /// buffers of <see cref="ReductionBufferSize"/> elements, each summed with the pairwise scheme above, and the
    /// buffer sums are added in order to an accumulator starting at 0.
    /// </summary>
    public static float Float32(ReadOnlySpan<float> a)
    {
        float sum = 0f;
        for (int start = 0; start < a.Length; start += ReductionBufferSize)
            sum += PairwiseFloat32(a.Slice(start, Math.Min(ReductionBufferSize, a.Length - start)));
        return sum;
    }

    /// <summary>The pairwise kernel in float32; the eight interleaved accumulators are the lanes of one vector.</summary>
    public static float PairwiseFloat32(ReadOnlySpan<float> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            float res = 0f;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= BlockSize)
        {
            ref float origin = ref MemoryMarshal.GetReference(a);
            var r = Vector256.LoadUnsafe(ref origin);
            int i = 8;
            for (; i < n - n % 8; i += 8) r += Vector256.LoadUnsafe(ref origin, (nuint)i);
            float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += Unsafe.Add(ref origin, i);
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return PairwiseFloat32(a[..half]) + PairwiseFloat32(a[half..]);
    }
}
