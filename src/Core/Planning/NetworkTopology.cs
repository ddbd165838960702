namespace NnUNet.Core.Planning;

/// <summary>
/// Pooling and convolution layout of the v1 Generic U-Net for a spacing and patch size
/// (<c>get_pool_and_conv_props</c> of nnU-Net v1, spec §4.4), and the patch padded to fit it.
/// </summary>
/// <param name="NumPoolPerAxis">How many times each axis is pooled (by 2).</param>
/// <param name="PoolOpKernelSizes">One entry per pooling, e.g. [1, 2, 2] when axis 0 is not pooled there.</param>
/// <param name="ConvKernelSizes">One entry per resolution stage incl. the bottleneck (one more than poolings).</param>
/// <param name="PatchSize">The patch rounded up to a multiple of <see cref="ShapeMustBeDivisibleBy"/>.</param>
/// <param name="ShapeMustBeDivisibleBy">2^pools per axis.</param>
public sealed record NetworkTopology(
    IReadOnlyList<int> NumPoolPerAxis,
    IReadOnlyList<IReadOnlyList<int>> PoolOpKernelSizes,
    IReadOnlyList<IReadOnlyList<int>> ConvKernelSizes,
    IReadOnlyList<int> PatchSize,
    IReadOnlyList<int> ShapeMustBeDivisibleBy)
{
    /// <summary>An axis is pooled only while its feature map keeps at least this many voxels (spec §4.4).</summary>
    public const int MinFeatureMapEdgeLength = 4;

    /// <summary>v1 sets no practical depth limit: only the 4-voxel rule stops pooling (spec §4.4).</summary>
    public const int MaxNumPool = 999;

    /// <summary>Axes within this spacing ratio of the finest axis are pooled; within it of each other get 3-kernels.</summary>
    const double SpacingRatio = 2;

    /// <summary>
    /// Computes the topology. Each round: the axes whose spacing is within a factor 2 of the finest
    /// spacing are pool candidates; the round's conv kernel is 3 on the largest group of axes mutually within
    /// a factor 2 (first such group on ties) and 1 elsewhere; candidates with a feature map under 8 voxels or
    /// at the pool limit drop out; with none left the round is discarded and pooling ends. Pooled axes double
    /// their spacing and halve their size (rounding up). A 3-kernel bottleneck conv is appended and the patch
    /// padded up to a multiple of 2^pools.
    /// </summary>
    public static NetworkTopology Compute(IReadOnlyList<double> spacing, IReadOnlyList<int> patchSize,
        int minFeatureMapEdgeLength = MinFeatureMapEdgeLength, int maxNumPool = MaxNumPool)
    {
        int dim = spacing.Count;
        if (patchSize.Count != dim) throw new ArgumentException("spacing and patch size differ in length");
        double[] currentSpacing = spacing.ToArray();
        double[] currentSize = patchSize.Select(p => (double)p).ToArray();
        int[] numPool = new int[dim];
        var pools = new List<IReadOnlyList<int>>();
        var convs = new List<IReadOnlyList<int>>();

        while (true)
        {
            double minSpacing = currentSpacing.Min();
            int[] kernelAxes = LargestSimilarSpacingGroup(currentSpacing);
            int[] conv = Enumerable.Range(0, dim).Select(i => kernelAxes.Contains(i) ? 3 : 1).ToArray();

            bool[] pooled = Enumerable.Range(0, dim).Select(i =>
                currentSpacing[i] / minSpacing < SpacingRatio
                && currentSize[i] >= 2 * minFeatureMapEdgeLength
                && numPool[i] < maxNumPool).ToArray();
            if (!pooled.Any(p => p)) break;

            int[] pool = new int[dim];
            for (int i = 0; i < dim; i++)
            {
                pool[i] = pooled[i] ? 2 : 1;
                if (!pooled[i]) continue;
                numPool[i]++;
                currentSpacing[i] *= 2;
                currentSize[i] = Math.Ceiling(currentSize[i] / 2);
            }
            pools.Add(pool);
            convs.Add(conv);
        }

        convs.Add(Enumerable.Repeat(3, dim).ToArray());
        int[] divisibleBy = numPool.Select(n => 1 << Math.Min(n, 30)).ToArray();
        int[] padded = patchSize.Select((p, i) => PadToMultiple(p, divisibleBy[i])).ToArray();
        return new NetworkTopology(numPool, pools, convs, padded, divisibleBy);
    }

    /// <summary>The smallest multiple of <paramref name="divisor"/> &gt;= size (Python modulo, so it is total).</summary>
    static int PadToMultiple(int size, int divisor)
    {
        int remainder = ((size % divisor) + divisor) % divisor;
        return remainder == 0 ? size : size + divisor - remainder;
    }

    /// <summary>Among the groups "axes within a factor 2 of axis a", the largest one (the first on ties).</summary>
    static int[] LargestSimilarSpacingGroup(double[] spacing)
    {
        int[] best = [];
        foreach (double mine in spacing)
        {
            int[] partners = Enumerable.Range(0, spacing.Length)
                .Where(i => spacing[i] / mine < SpacingRatio && mine / spacing[i] < SpacingRatio).ToArray();
            if (partners.Length > best.Length) best = partners;
        }
        return best;
    }
}
