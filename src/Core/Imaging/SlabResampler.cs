namespace NnUNet.Core.Imaging;

/// <summary>
/// Resamples values (not labels) exactly as <see cref="Resampler.Resample(float[], int, int[], int[], ResamplingScheme, int?, int)"/>
/// does, but hands out the result a slab of rows along axis 0 at a time, so a caller that reduces each slab (the
/// argmax of an export) never holds the whole resampled array. A slab is bit-identical to the same rows of the
/// whole result: the same passes run in the same order with the same per-line arithmetic, the pass along axis 0
/// reads only the source rows the slab needs (<see cref="AxisSampling.Slice"/>), and clipping uses the ranges
/// measured on the whole input. Axis 0 must be resampled with order 0 or 1 (a cubic prefilter needs whole lines).
/// </summary>
public sealed class SlabResampler
{
    readonly float[] _data;
    readonly int _maxDegreeOfParallelism;
    readonly int[] _inPlaneShape;
    readonly (int Axis, AxisSampling Sampling)[] _passes;
    readonly RangeClipper? _clipper;
    readonly (int Axis, AxisSampling Sampling)? _separatePass;

    /// <param name="data">Values (c, z, y, x); not modified, and read again for every slab.</param>
    /// <param name="channels">Number of channels c.</param>
    /// <param name="shape">Spatial shape (z, y, x) of <paramref name="data"/>.</param>
    /// <param name="newShape">Spatial shape (z, y, x) of the whole result.</param>
    /// <param name="scheme">Orders; must not be a segmentation scheme.</param>
    /// <param name="separateZAxis">Axis resampled separately, or null (see <see cref="ResamplingPlan"/>).</param>
    /// <param name="maxDegreeOfParallelism">Most threads used per slab; -1 for all cores.</param>
    public SlabResampler(float[] data, int channels, int[] shape, int[] newShape, ResamplingScheme scheme, int? separateZAxis,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scheme.IsSegmentation) throw new ArgumentException("Slabs are for values; resample labels with Resampler.", nameof(scheme));
        if (shape is not { Length: 3 } || newShape is not { Length: 3 } || shape.Concat(newShape).Any(s => s < 1))
            throw new ArgumentException("Shapes must be three positive sizes (z, y, x).");
        if (channels < 1 || (long)channels * shape[0] * shape[1] * shape[2] != data.LongLength)
            throw new ArgumentException($"Data holds {data.LongLength} values, not {channels} x {string.Join(" x ", shape)}.", nameof(data));
        if (separateZAxis is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(separateZAxis));
        _data = data;
        Channels = channels;
        Shape = (int[])shape.Clone();
        NewShape = (int[])newShape.Clone();
        _maxDegreeOfParallelism = maxDegreeOfParallelism;

        // Stage 1: every changed axis (3D), or the changed in-plane axes (separate z), then clipping; stage 2: the
        // separate axis alone, unclipped. The same decomposition as Resampler's.
        _inPlaneShape = (int[])newShape.Clone();
        if (separateZAxis is int a) _inPlaneShape[a] = shape[a];
        _passes = SeparablePasses.Order(shape, _inPlaneShape)
            .Select(axis => (axis, AxisSampling.Create(shape[axis], _inPlaneShape[axis], scheme.Order))).ToArray();
        if (_passes.Length > 0 && scheme.Order != InterpolationOrder.Nearest)
            _clipper = RangeClipper.Measure(data, channels, shape, separateZAxis);
        if (separateZAxis is int z && shape[z] != newShape[z])
            _separatePass = (z, AxisSampling.Create(shape[z], newShape[z], scheme.OrderZ));

        bool cubicAlongRows = _passes.Any(p => p.Axis == 0 && scheme.Order == InterpolationOrder.Cubic)
                              || _separatePass is { Axis: 0 } && scheme.OrderZ == InterpolationOrder.Cubic;
        if (cubicAlongRows) throw new ArgumentException("Axis 0 must be resampled with order 0 or 1 to work in slabs.", nameof(scheme));
    }

    public int Channels { get; }

    /// <summary>Spatial shape (z, y, x) of the input.</summary>
    public int[] Shape { get; }

    /// <summary>Spatial shape (z, y, x) of the whole result.</summary>
    public int[] NewShape { get; }

    /// <summary>Rows per slab so that a slab's largest temporary holds about <paramref name="values"/> values.</summary>
    public int RowsForBudget(long values)
    {
        long perRow = (long)Channels * Math.Max((long)Shape[1] * Shape[2], (long)NewShape[1] * NewShape[2]);
        return (int)Math.Clamp(values / perRow, 1, NewShape[0]);
    }

    /// <summary>
    /// Rows [<paramref name="firstRow"/>, + <paramref name="rows"/>) of the result along axis 0, every channel:
    /// (c, rows, y', x') in C order, equal to the same rows of the whole-array resampling.
    /// </summary>
    public float[] ResampleRows(int firstRow, int rows) => ResampleRows(firstRow, rows, new ResamplingBuffers()).ToArray();

    /// <summary>
    /// As <see cref="ResampleRows(int, int)"/>, in <paramref name="buffers"/>: the span stays valid until the next call
    /// with the same buffers. Use one <see cref="ResamplingBuffers"/> per worker to resample many slabs without
    /// allocating each time.
    /// </summary>
    public ReadOnlySpan<float> ResampleRows(int firstRow, int rows, ResamplingBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        if (firstRow < 0 || rows < 1 || firstRow + rows > NewShape[0])
            throw new ArgumentOutOfRangeException(nameof(rows), $"Rows [{firstRow}, {firstRow + rows}) are outside 0..{NewShape[0]}.");

        // Where along axis 0 each stage reads: trace the slab back through the pass that changes axis 0.
        int sourceFirst = firstRow, sourceRows = rows;
        var passes = (((int Axis, AxisSampling Sampling)[])_passes.Clone());
        var separate = _separatePass;
        if (separate is { Axis: 0 } s)
        {
            separate = (0, s.Sampling.Slice(firstRow, rows, out sourceFirst));
            sourceRows = separate.Value.Sampling.InputLength;
        }
        else if (Array.FindIndex(passes, p => p.Axis == 0) is var i and >= 0)
        {
            passes[i] = (0, passes[i].Sampling.Slice(firstRow, rows, out sourceFirst));
            sourceRows = passes[i].Sampling.InputLength;
        }

        // Float slots: 0 the source rows, 1 after the first stage, 0 again after the separate axis.
        int[] shape = [sourceRows, Shape[1], Shape[2]];
        float[] slab = CopyRows(sourceFirst, sourceRows, buffers.Floats(0, (long)Channels * sourceRows * Shape[1] * Shape[2]));
        if (passes.Length > 0)
        {
            slab = SeparablePasses.Run(slab, Channels, shape, passes, _maxDegreeOfParallelism, buffers, outputSlot: 1);
            shape = [passes.Any(p => p.Axis == 0) ? rows : sourceRows, _inPlaneShape[1], _inPlaneShape[2]];
            var clipper = _clipper;
            if (clipper is not null && clipper.Axis == 0) clipper = clipper.ForSlices(sourceFirst, sourceRows);
            clipper?.Clip(slab, Channels, shape, _maxDegreeOfParallelism);
        }
        if (separate is { } pass)
            slab = SeparablePasses.Run(slab, Channels, shape, [pass], _maxDegreeOfParallelism, buffers, outputSlot: passes.Length > 0 ? 0 : 1);
        return slab.AsSpan(0, Channels * rows * NewShape[1] * NewShape[2]);
    }

    float[] CopyRows(int first, int count, float[] block)
    {
        long plane = (long)Shape[1] * Shape[2];
        long inChannel = Shape[0] * plane, outChannel = count * plane;
        for (int c = 0; c < Channels; c++)
            Array.Copy(_data, c * inChannel + first * plane, block, c * outChannel, outChannel);
        return block;
    }
}
