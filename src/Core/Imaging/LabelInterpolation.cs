using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NnUNet.Core.Imaging;

/// <summary>
/// Per-label linear resampling of a label map in one pass: the result of interpolating every label's 0/1 mask
/// with order 1 and painting the labels in ascending order where their mask value passes 0.5 (the last, i.e.
/// largest, passing label wins; 0 where none passes). Only the labels at a voxel's 8 neighbours can pass, so each
/// output voxel sums the neighbours' weights per label instead of interpolating every mask over the volume.
/// Sums are formed exactly as scipy forms them (weight products in axis order, neighbours in C order), so the
/// thresholds decide identically, including exact ties at 0.5.
/// </summary>
internal static class LabelInterpolation
{
    /// <summary>A linearly interpolated mask value at which a label is painted (resize_segmentation).</summary>
    public const double PaintThreshold = 0.5;

    /// <param name="labels">(c, z, y, x) label map.</param>
    /// <param name="channels">Number of channels c.</param>
    /// <param name="shape">Spatial shape (z, y, x) of <paramref name="labels"/>.</param>
    /// <param name="axes">Linear samplings per spatial axis; an axis that keeps its size uses the identity sampling
    /// (weights 1 and 0), which leaves the sums unchanged.</param>
    /// <param name="strictlyAbove">false: paint where value &gt;= 0.5 (resize_segmentation); true: where the value
    /// rounds to 1, i.e. &gt; 0.5 (v1's per-label interpolation along the separate axis).</param>
    /// <param name="maxDegreeOfParallelism">Most threads used; -1 for all cores.</param>
    public static float[] Run(float[] labels, int channels, int[] shape, AxisSampling[] axes, bool strictlyAbove,
        int maxDegreeOfParallelism)
    {
        int n0 = shape[0], n1 = shape[1], n2 = shape[2];
        int m0 = axes[0].OutputLength, m1 = axes[1].OutputLength, m2 = axes[2].OutputLength;
        var output = GC.AllocateUninitializedArray<float>(checked(channels * m0 * m1 * m2));
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : -1 };
        var indices = axes.Select(CollapseZeroWeightTaps).ToArray();
        int[] i2 = indices[2];
        double[] w2 = axes[2].Weights;
        Parallel.For(0, channels * m0 * m1, options, row =>
        {
            int k1 = row % m1, k0 = row / m1 % m0, c = row / m1 / m0;
            Span<int> bases = stackalloc int[4];
            Span<double> weights = stackalloc double[4];
            for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
            {
                bases[2 * a + b] = ((c * n0 + indices[0][2 * k0 + a]) * n1 + indices[1][2 * k1 + b]) * n2;
                weights[2 * a + b] = axes[0].Weights[2 * k0 + a] * axes[1].Weights[2 * k1 + b];
            }
            // The distinct input rows among the four (an axis that keeps its size gives duplicates).
            Span<int> rows = stackalloc int[4];
            int rowCount = 0;
            foreach (int b in bases)
                if (!rows[..rowCount].Contains(b)) rows[rowCount++] = b;
            ref float source = ref MemoryMarshal.GetArrayDataReference(labels);
            Span<float> corner = stackalloc float[8];
            Span<float> found = stackalloc float[8];
            Span<double> sums = stackalloc double[8];
            var outRow = output.AsSpan(row * m2, m2);
            for (int k2 = 0; k2 < m2; k2++)
            {
                int x0 = i2[2 * k2], x1 = i2[2 * k2 + 1];
                float first = Unsafe.Add(ref source, rows[0] + x0);
                bool uniform = Unsafe.Add(ref source, rows[0] + x1) == first;
                for (int r = 1; r < rowCount; r++)
                    uniform &= Unsafe.Add(ref source, rows[r] + x0) == first & Unsafe.Add(ref source, rows[r] + x1) == first;
                if (uniform)
                {
                    outRow[k2] = first;
                    continue;
                }
                for (int j = 0; j < 4; j++)
                {
                    corner[2 * j] = labels[bases[j] + x0];
                    corner[2 * j + 1] = labels[bases[j] + x1];
                }
                int distinct = 0;
                for (int j = 0; j < 8; j++)
                {
                    double p = weights[j >> 1] * w2[2 * k2 + (j & 1)];
                    int f = 0;
                    while (f < distinct && found[f] != corner[j]) f++;
                    if (f == distinct) { found[f] = corner[j]; sums[f] = 0.0; distinct++; }
                    sums[f] += p;
                }
                float result = 0;
                bool painted = false;
                for (int f = 0; f < distinct; f++)
                {
                    bool passes = strictlyAbove ? sums[f] > PaintThreshold : sums[f] >= PaintThreshold;
                    if (passes && (!painted || found[f] > result)) { result = found[f]; painted = true; }
                }
                outRow[k2] = result;
            }
        });
        return output;
    }

    /// <summary>
    /// The taps' indices, with a tap of weight 0 reading the first tap's voxel instead: its products are 0 and
    /// leave every sum unchanged, and an axis that keeps its size (weights 1, 0) then reads one voxel, so uniform
    /// neighbourhoods are recognised more often.
    /// </summary>
    static int[] CollapseZeroWeightTaps(AxisSampling axis)
    {
        var indices = (int[])axis.Indices.Clone();
        for (int k = 0; k < axis.OutputLength; k++)
            if (axis.Weights[2 * k + 1] == 0) indices[2 * k + 1] = indices[2 * k];
        return indices;
    }
}
