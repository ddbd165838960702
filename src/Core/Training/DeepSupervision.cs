using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// Deep supervision (spec §7): the scale of every network output, the loss weights, and the nearest-neighbour
/// downsampling of a segmentation target to those scales. The downsampling is defined once
/// (<see cref="SourceIndices"/>) and offered both on managed arrays, for the augmentation threads, and on
/// tensors of any device, for the trainer.
/// </summary>
public static class DeepSupervision
{
    /// <summary>
    /// Scale of each output relative to the input, full resolution first: 1, then 1/cumprod(pool kernels) for all
    /// but the last pool, one entry per output (pools of them, v1 Generic_UNet).
    /// </summary>
    public static double[][] TargetScales(int[][] poolKernelSizes)
    {
        if (poolKernelSizes.Length == 0) throw new ArgumentException("Deep supervision needs at least one pool.", nameof(poolKernelSizes));
        int axes = poolKernelSizes[0].Length;
        var scales = new double[poolKernelSizes.Length][];
        var product = Enumerable.Repeat(1L, axes).ToArray();
        for (int i = 0; i < scales.Length; i++)
        {
            scales[i] = product.Select(p => 1.0 / p).ToArray();
            if (poolKernelSizes[i].Length != axes) throw new ArgumentException($"Pool kernel {i} has {poolKernelSizes[i].Length} axes, expected {axes}.", nameof(poolKernelSizes));
            for (int a = 0; a < axes; a++) product[a] *= poolKernelSizes[i][a];
        }
        return scales;
    }

    /// <summary>Loss weights w_i = 1/2^i, the lowest resolution (last) 0, normalised to sum 1 (spec §7).</summary>
    public static double[] LossWeights(int outputCount)
    {
        if (outputCount < 1) throw new ArgumentOutOfRangeException(nameof(outputCount), "At least one output is needed.");
        if (outputCount == 1) return [1.0];
        var weights = new double[outputCount];
        for (int i = 0; i < outputCount - 1; i++) weights[i] = 1.0 / (1L << i);
        double sum = weights.Sum();
        for (int i = 0; i < outputCount; i++) weights[i] /= sum;
        return weights;
    }

    /// <summary>Size of an axis after scaling: round half to even of size*scale (numpy round, as v1), at least 1.</summary>
    public static int ScaledSize(int size, double scale) => Math.Max(1, (int)Math.Round(size * scale, MidpointRounding.ToEven));

    /// <summary>
    /// Source index of every output position of an axis resized from <paramref name="inSize"/> to
    /// <paramref name="outSize"/> by order-0 interpolation as v1 does it (skimage resize, edge mode): centre-aligned
    /// coordinate c = (o + 0.5) * in/out - 0.5, index floor(c + 0.5), clamped to the axis. Factor 2 picks 1, 3, 5, ...
    /// </summary>
    public static int[] SourceIndices(int inSize, int outSize)
    {
        double zoom = (double)inSize / outSize;
        var indices = new int[outSize];
        for (int o = 0; o < outSize; o++)
            indices[o] = Math.Clamp((int)Math.Floor((o + 0.5) * zoom - 0.5 + 0.5), 0, inSize - 1);
        return indices;
    }

    /// <summary>
    /// Downsamples a label array of <paramref name="shape"/> (row-major); <paramref name="scale"/> applies to the
    /// trailing axes (e.g. shape (1, z, y, x) with a 3-entry scale). Pure managed code, safe on any thread.
    /// </summary>
    public static T[] DownsampleLabels<T>(ReadOnlySpan<T> labels, int[] shape, double[] scale, out int[] outputShape)
    {
        int lead = shape.Length - scale.Length;
        if (lead < 0) throw new ArgumentException($"Scale has {scale.Length} axes but the array only {shape.Length}.", nameof(scale));
        long count = shape.Aggregate(1L, (a, b) => a * b);
        if (labels.Length != count) throw new ArgumentException($"Label array has {labels.Length} values, shape needs {count}.", nameof(labels));

        outputShape = (int[])shape.Clone();
        var sourceIndex = new int[shape.Length][];
        for (int a = 0; a < shape.Length; a++)
        {
            if (a >= lead) outputShape[a] = ScaledSize(shape[a], scale[a - lead]);
            sourceIndex[a] = a >= lead ? SourceIndices(shape[a], outputShape[a]) : Enumerable.Range(0, shape[a]).ToArray();
        }
        var strides = new long[shape.Length];
        for (int a = shape.Length - 1, s = 1; a >= 0; s *= shape[a], a--) strides[a] = s;

        var result = new T[outputShape.Aggregate(1L, (a, b) => a * b)];
        var position = new int[shape.Length];
        for (long i = 0; i < result.Length; i++)
        {
            long source = 0;
            for (int a = 0; a < shape.Length; a++) source += sourceIndex[a][position[a]] * strides[a];
            result[i] = labels[(int)source];
            for (int a = shape.Length - 1; a >= 0 && ++position[a] == outputShape[a]; a--) position[a] = 0;
        }
        return result;
    }

    /// <summary>
    /// Downsamples a (b, c, spatial...) target tensor to <paramref name="scale"/> (one entry per spatial axis) on its
    /// own device and in its own dtype. Returns a new tensor the caller disposes (an alias when nothing changes).
    /// </summary>
    public static Tensor DownsampleTarget(Tensor target, double[] scale)
    {
        int lead = (int)target.dim() - scale.Length;
        if (lead < 0) throw new ArgumentException($"Scale has {scale.Length} axes but the target only {target.dim()}.", nameof(scale));
        using var scope = NewDisposeScope();
        var x = target.alias();
        for (int a = 0; a < scale.Length; a++)
        {
            int size = (int)target.shape[lead + a];
            int outSize = ScaledSize(size, scale[a]);
            if (outSize == size) continue;
            var index = tensor(SourceIndices(size, outSize).Select(i => (long)i).ToArray(), device: target.device);
            x = x.index_select(lead + a, index);
        }
        return scope.MoveToOuter(x);
    }

    /// <summary>The target at every scale of <see cref="TargetScales"/>, full resolution first; the caller disposes them.</summary>
    public static Tensor[] DownsampleTargets(Tensor target, double[][] scales)
        => scales.Select(s => DownsampleTarget(target, s)).ToArray();
}
