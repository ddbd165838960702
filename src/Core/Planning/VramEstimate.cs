namespace NnUNet.Core.Planning;

/// <summary>
/// nnU-Net v1's proxy for the GPU memory a Generic U-Net needs for one patch
/// (<c>Generic_UNet.compute_approx_vram_consumption</c>, spec §4.5): a weighted count of feature-map voxels.
/// </summary>
public static class VramEstimate
{
    /// <summary>Convolutions per encoder and per decoder stage in v1 (spec §4.5).</summary>
    public const int ConvPerStage = 2;

    /// <summary>
    /// V0 = prod(patch); t = (2 cps + 1) V0 base + modalities V0 + classes V0; then per pooling the map shrinks
    /// by the pool kernel, features double (capped at <paramref name="maxFeatures"/>) and
    /// t += blocks prod(map) features with blocks = 2 cps + 1 (encoder, decoder, transposed conv) except
    /// cps for the last pooling. Integer arithmetic throughout, like the original (int64).
    /// </summary>
    public static long Compute(IReadOnlyList<int> patchSize, int baseFeatures, int maxFeatures, int numModalities,
        int numClasses, IReadOnlyList<IReadOnlyList<int>> poolOpKernelSizes, int convPerStage = ConvPerStage)
    {
        long[] map = patchSize.Select(p => (long)p).ToArray();
        long voxels = Product(map);
        long total = checked((convPerStage * 2 + 1) * voxels * baseFeatures + numModalities * voxels + numClasses * voxels);
        long features = baseFeatures;
        int poolings = poolOpKernelSizes.Count;
        for (int p = 0; p < poolings; p++)
        {
            for (int axis = 0; axis < map.Length; axis++) map[axis] /= poolOpKernelSizes[p][axis];
            features = Math.Min(features * 2, maxFeatures);
            int blocks = p < poolings - 1 ? convPerStage * 2 + 1 : convPerStage;
            total = checked(total + blocks * Product(map) * features);
        }
        return total;
    }

    static long Product(long[] values)
    {
        long product = 1;
        foreach (long v in values) product = checked(product * v);
        return product;
    }
}
