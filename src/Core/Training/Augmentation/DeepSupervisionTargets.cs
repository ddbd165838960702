namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Deep-supervision targets on arrays (spec §7 "Deep supervision", v1 DownsampleSegForDSTransform2): the final
/// segmentation resized by nearest neighbour to every scale 1/cumprod(pool kernels) (the first scale is 1, the last
/// cumulative product is not used). Shapes are round(patch * scale) (numpy round, half to even); the nearest
/// neighbour follows skimage's resize with order 0: source = floor((i + 0.5) * in/out), i.e. for a factor 2 the
/// second voxel of each pair (torch "nearest-exact", not torch "nearest"). Used by the data workers; the loss side
/// has its own tensor version.
/// </summary>
public static class DeepSupervisionTargets
{
    /// <summary>[1, ...] followed by 1/cumprod of the pool kernels without the last: one scale per network output.</summary>
    public static IReadOnlyList<double[]> ScalesFromPoolKernels(IReadOnlyList<IReadOnlyList<int>> poolKernels)
    {
        if (poolKernels.Count == 0) throw new ArgumentException("No pool kernels.", nameof(poolKernels));
        int dims = poolKernels[0].Count;
        var scales = new List<double[]> { Enumerable.Repeat(1.0, dims).ToArray() };
        var product = new int[dims];
        Array.Fill(product, 1);
        for (int p = 0; p < poolKernels.Count - 1; p++)
        {
            if (poolKernels[p].Count != dims) throw new ArgumentException("Pool kernels differ in length.", nameof(poolKernels));
            for (int d = 0; d < dims; d++) product[d] *= poolKernels[p][d];
            scales.Add([.. product.Select(f => 1.0 / f)]);
        }
        return scales;
    }

    /// <summary>round(patch * scale) per axis; a 2-entry scale applies to (y, x) of a (1, y, x) patch.</summary>
    public static PatchShape TargetShape(PatchShape patch, IReadOnlyList<double> scale)
    {
        int Scaled(int n, double s) => Math.Max(1, (int)Math.Round(n * s, MidpointRounding.ToEven));
        return scale.Count switch
        {
            3 => new PatchShape(Scaled(patch.Z, scale[0]), Scaled(patch.Y, scale[1]), Scaled(patch.X, scale[2])),
            2 => new PatchShape(patch.Z, Scaled(patch.Y, scale[0]), Scaled(patch.X, scale[1])),
            _ => throw new ArgumentException("A scale has 2 or 3 entries.", nameof(scale)),
        };
    }

    /// <summary>Nearest-neighbour resize of one segmentation (shape) to <paramref name="targetShape"/>.</summary>
    public static void Downsample(ReadOnlySpan<float> segmentation, PatchShape shape, Span<float> target, PatchShape targetShape) =>
        NearestResize.Resize(segmentation, shape, target, targetShape);
}
