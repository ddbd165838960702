namespace NnUNet.Core.Imaging;

/// <summary>
/// A zoom of (c, z, y, x) float32 data as one <see cref="SplineAxisPass"/> per axis whose size changes. The
/// B-spline interpolation of a regular grid is a tensor product, so resampling the axes one after another is
/// the same operation as scipy's 3D zoom (padding and prefilter included); only the rounding order differs.
/// Intermediate results are float64; the input is read once and the float32 output written once, so at most
/// two float64 temporaries exist at a time.
/// </summary>
internal static class SeparablePasses
{
    public static float[] Run(float[] data, int channels, int[] shape, int[] newShape, InterpolationOrder order,
        int maxDegreeOfParallelism)
    {
        var passes = Order(shape, newShape)
            .Select(a => (a, AxisSampling.Create(shape[a], newShape[a], order))).ToArray();
        return Run(data, channels, shape, passes, maxDegreeOfParallelism);
    }

    /// <summary>The axes whose size changes, in the order they are resampled: shrinking axes first keeps the later
    /// passes small.</summary>
    public static int[] Order(int[] shape, int[] newShape) =>
        Enumerable.Range(0, 3).Where(a => shape[a] != newShape[a])
            .OrderBy(a => (double)newShape[a] / shape[a]).ThenBy(a => a).ToArray();

    /// <summary>Runs the given passes in order; each sampling's input length must be the current size of its axis.
    /// Returns a copy when there is no pass. With <paramref name="buffers"/> the temporaries and the result are that
    /// worker's reused arrays (the result in float slot <paramref name="outputSlot"/>, possibly longer than needed);
    /// without, fresh arrays of the exact size.</summary>
    public static float[] Run(float[] data, int channels, int[] shape, IReadOnlyList<(int Axis, AxisSampling Sampling)> passes,
        int maxDegreeOfParallelism, ResamplingBuffers? buffers = null, int outputSlot = 0)
    {
        if (passes.Count == 0) return (float[])data.Clone();

        var current = (int[])shape.Clone();
        float[]? floats = data;
        double[]? doubles = null;
        for (int p = 0; p < passes.Count; p++)
        {
            var (a, sampling) = passes[p];
            if (sampling.InputLength != current[a])
                throw new ArgumentException($"Pass {p} reads {sampling.InputLength} samples along axis {a}, which has {current[a]}.");
            int outer = channels, inner = 1;
            for (int i = 0; i < a; i++) outer *= current[i];
            for (int i = a + 1; i < 3; i++) inner *= current[i];
            current[a] = sampling.OutputLength;
            long size = (long)channels * current[0] * current[1] * current[2];
            bool last = p == passes.Count - 1;
            if (last)
            {
                var output = buffers?.Floats(outputSlot, size) ?? GC.AllocateUninitializedArray<float>(checked((int)size));
                if (floats is not null) SplineAxisPass.Run(floats, output, outer, inner, sampling, maxDegreeOfParallelism);
                else SplineAxisPass.Run(doubles!, output, outer, inner, sampling, maxDegreeOfParallelism);
                return output;
            }
            var next = buffers?.Doubles(p % 2, size) ?? GC.AllocateUninitializedArray<double>(checked((int)size));
            if (floats is not null) SplineAxisPass.Run(floats, next, outer, inner, sampling, maxDegreeOfParallelism);
            else SplineAxisPass.Run(doubles!, next, outer, inner, sampling, maxDegreeOfParallelism);
            floats = null;
            doubles = next;
        }
        throw new InvalidOperationException("unreachable");
    }
}
