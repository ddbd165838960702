namespace NnUNet.Core.Imaging;

/// <summary>
/// nnU-Net v1 resampling (spec §5 "Resampling", §8 "Export"): arrays are float32 in (c, z, y, x) C order,
/// spatial shapes and spacings (z, y, x).
/// <para>
/// Without separate z every channel is resized in 3D: output voxel i samples the source at
/// (i + 0.5) * old/new - 0.5 per axis (skimage resize), with the given B-spline order, edges extended by the
/// nearest voxel (order 3 first pads 12 voxels by replication and prefilters), and the result is clipped to the
/// channel's input range. With separate z along axis a, every slice across a is resized in 2D that way (clipped
/// to the slice's range and stored as float32), then axis a alone is resampled with OrderZ at the same
/// coordinates, without clipping.
/// </para>
/// <para>
/// Segmentations (labels stored as floats, -1 is a label like any other): order 0 picks labels; order &gt; 0
/// interpolates each label's 0/1 mask and paints labels in ascending order where the mask is &gt;= 0.5, 0 where
/// none is; along the separate axis, order 1 paints where the label's interpolated mask rounds to 1.
/// </para>
/// The resampling is separable: one pass per changed axis over lines in float64 (bit-exact per line with scipy),
/// so results agree with the original to about one float32 ulp, and labels exactly.
/// The maxDegreeOfParallelism argument bounds the threads used (-1: all cores), so callers resampling
/// several cases at once can avoid oversubscription.
/// </summary>
public static class Resampler
{
    /// <summary>
    /// Resamples <paramref name="data"/> (channels x shape) to <paramref name="newShape"/> (v1
    /// resample_data_or_seg). Returns a new array, a copy when the shape does not change.
    /// </summary>
    /// <param name="data">Values (c, z, y, x); not modified.</param>
    /// <param name="channels">Number of channels c.</param>
    /// <param name="shape">Spatial shape (z, y, x) of <paramref name="data"/>.</param>
    /// <param name="newShape">Spatial shape (z, y, x) of the result.</param>
    /// <param name="scheme">Orders and whether the values are labels.</param>
    /// <param name="separateZAxis">Axis resampled separately (see <see cref="ResamplingPlan"/>), or null.</param>
    /// <param name="maxDegreeOfParallelism">Most threads used; -1 for all cores.</param>
    public static float[] Resample(float[] data, int channels, int[] shape, int[] newShape, ResamplingScheme scheme,
        int? separateZAxis, int maxDegreeOfParallelism = -1)
    {
        Validate(data, channels, shape, newShape, scheme, separateZAxis);
        if (shape.SequenceEqual(newShape)) return (float[])data.Clone();
        if (scheme.IsSegmentation)
            return separateZAxis is int axis
                ? ResampleLabelsSeparateZ(data, channels, shape, newShape, scheme, axis, maxDegreeOfParallelism)
                : ResampleLabels(data, channels, shape, newShape, scheme.Order, null, maxDegreeOfParallelism);
        return separateZAxis is int zAxis
            ? ResampleValuesSeparateZ(data, channels, shape, newShape, scheme, zAxis, maxDegreeOfParallelism)
            : ResizeValues(data, channels, shape, newShape, scheme.Order, null, maxDegreeOfParallelism);
    }

    /// <summary>
    /// Resamples an image to <paramref name="newShape"/>. The result keeps origin and direction and gets
    /// <paramref name="newSpacing"/>, or when null the spacing that keeps the physical extent (old * shape / new).
    /// </summary>
    public static Image Resample(Image image, int[] newShape, ResamplingScheme scheme, int? separateZAxis,
        double[]? newSpacing = null, int maxDegreeOfParallelism = -1)
    {
        var data = Resample(image.Data, image.Channels, image.Shape, newShape, scheme, separateZAxis, maxDegreeOfParallelism);
        var spacing = newSpacing ?? Enumerable.Range(0, 3).Select(i => image.Geometry.Spacing[i] * image.Shape[i] / newShape[i]).ToArray();
        return new Image(data, image.Channels, (int[])newShape.Clone(), image.Geometry.WithSpacing(spacing));
    }

    /// <summary>
    /// Resamples a case from <paramref name="originalSpacing"/> to <paramref name="targetSpacing"/> (v1
    /// resample_patient): the new shape and separate-z decision come from <see cref="ResamplingPlan.ForSpacing"/>,
    /// then the image channels and the segmentation are resampled with their schemes.
    /// </summary>
    public static ResampledCase ResamplePatient(float[]? data, int dataChannels, float[]? segmentation, int segmentationChannels,
        int[] shape, double[] originalSpacing, double[] targetSpacing, ResamplingOptions? options = null,
        int maxDegreeOfParallelism = -1)
    {
        if (data is null && segmentation is null) throw new ArgumentException("Give image data, a segmentation or both.");
        options ??= ResamplingOptions.Default;
        var plan = ResamplingPlan.ForSpacing(shape, originalSpacing, targetSpacing, options.ForceSeparateZ, options.AnisotropyThreshold);
        var newData = data is null ? null
            : Resample(data, dataChannels, shape, plan.NewShape, options.DataScheme, plan.SeparateZAxis, maxDegreeOfParallelism);
        var newSegmentation = segmentation is null ? null
            : Resample(segmentation, segmentationChannels, shape, plan.NewShape, options.SegmentationScheme with { IsSegmentation = true },
                plan.SeparateZAxis, maxDegreeOfParallelism);
        return new ResampledCase(newData, newSegmentation, plan);
    }

    /// <summary>
    /// Resamples a case's image and segmentation (same grid) from their spacing to <paramref name="targetSpacing"/>.
    /// The results carry the target spacing, origin and direction unchanged (as v1 records it).
    /// </summary>
    public static (Image? Data, Image? Segmentation, ResamplingPlan Plan) ResamplePatient(Image? data, Image? segmentation,
        double[] targetSpacing, ResamplingOptions? options = null, int maxDegreeOfParallelism = -1)
    {
        var reference = data ?? segmentation ?? throw new ArgumentException("Give image data, a segmentation or both.");
        if (data is not null && segmentation is not null && !data.Shape.SequenceEqual(segmentation.Shape))
            throw new ArgumentException($"Image shape {string.Join("x", data.Shape)} and segmentation shape " +
                                        $"{string.Join("x", segmentation.Shape)} differ.");
        var result = ResamplePatient(data?.Data, data?.Channels ?? 0, segmentation?.Data, segmentation?.Channels ?? 0,
            reference.Shape, reference.Geometry.Spacing, targetSpacing, options, maxDegreeOfParallelism);
        var shape = result.Plan.NewShape;
        Image? Wrap(float[]? values, Image? source) => values is null || source is null ? null
            : new Image(values, source.Channels, (int[])shape.Clone(), source.Geometry.WithSpacing(targetSpacing));
        return (Wrap(result.Data, data), Wrap(result.Segmentation, segmentation), result.Plan);
    }

    /// <summary>Separable resize of values (skimage resize per channel or per slice): passes over the changed
    /// axes, then clipping to the input ranges. <paramref name="keepAxis"/> is left untouched (separate z).</summary>
    static float[] ResizeValues(float[] data, int channels, int[] shape, int[] newShape, InterpolationOrder order,
        int? keepAxis, int maxDegreeOfParallelism)
    {
        var target = (int[])shape.Clone();
        for (int a = 0; a < 3; a++) if (a != keepAxis) target[a] = newShape[a];
        if (shape.SequenceEqual(target)) return data;
        var result = SeparablePasses.Run(data, channels, shape, target, order, maxDegreeOfParallelism);
        if (order != InterpolationOrder.Nearest)
            RangeClipper.Measure(data, channels, shape, keepAxis).Clip(result, channels, target, maxDegreeOfParallelism);
        return result;
    }

    static float[] ResampleValuesSeparateZ(float[] data, int channels, int[] shape, int[] newShape, ResamplingScheme scheme,
        int axis, int maxDegreeOfParallelism)
    {
        var inPlane = ResizeValues(data, channels, shape, newShape, scheme.Order, axis, maxDegreeOfParallelism);
        var inPlaneShape = InPlaneShape(shape, newShape, axis);
        if (inPlaneShape[axis] == newShape[axis]) return inPlane == data ? (float[])data.Clone() : inPlane;
        return SeparablePasses.Run(inPlane, channels, inPlaneShape, newShape, scheme.OrderZ, maxDegreeOfParallelism);
    }

    /// <summary>resize_segmentation per channel (or per slice when <paramref name="keepAxis"/> is set).</summary>
    static float[] ResampleLabels(float[] labels, int channels, int[] shape, int[] newShape, InterpolationOrder order,
        int? keepAxis, int maxDegreeOfParallelism)
    {
        var target = (int[])shape.Clone();
        for (int a = 0; a < 3; a++) if (a != keepAxis) target[a] = newShape[a];
        if (shape.SequenceEqual(target)) return labels;
        switch (order)
        {
            case InterpolationOrder.Nearest:
                return SeparablePasses.Run(labels, channels, shape, target, order, maxDegreeOfParallelism);
            case InterpolationOrder.Linear:
                var axes = Enumerable.Range(0, 3).Select(a => AxisSampling.Create(shape[a], target[a], InterpolationOrder.Linear)).ToArray();
                return LabelInterpolation.Run(labels, channels, shape, axes, strictlyAbove: false, maxDegreeOfParallelism);
            default:
                return PaintLabelMasks(labels, channels, shape, target, order, keepAxis, maxDegreeOfParallelism);
        }
    }

    static float[] ResampleLabelsSeparateZ(float[] labels, int channels, int[] shape, int[] newShape, ResamplingScheme scheme,
        int axis, int maxDegreeOfParallelism)
    {
        var inPlane = ResampleLabels(labels, channels, shape, newShape, scheme.Order, axis, maxDegreeOfParallelism);
        var inPlaneShape = InPlaneShape(shape, newShape, axis);
        if (inPlaneShape[axis] == newShape[axis]) return inPlane == labels ? (float[])labels.Clone() : inPlane;
        if (scheme.OrderZ == InterpolationOrder.Nearest)
            return SeparablePasses.Run(inPlane, channels, inPlaneShape, newShape, InterpolationOrder.Nearest, maxDegreeOfParallelism);
        var axes = Enumerable.Range(0, 3)
            .Select(a => AxisSampling.Create(inPlaneShape[a], newShape[a], InterpolationOrder.Linear)).ToArray();
        return LabelInterpolation.Run(inPlane, channels, inPlaneShape, axes, strictlyAbove: true, maxDegreeOfParallelism);
    }

    /// <summary>The general per-label path (orders above 1): resize each label's mask like values (with clipping)
    /// and paint it where it is at least 0.5, labels ascending per channel.</summary>
    static float[] PaintLabelMasks(float[] labels, int channels, int[] shape, int[] target, InterpolationOrder order,
        int? keepAxis, int maxDegreeOfParallelism)
    {
        int inVoxels = shape[0] * shape[1] * shape[2], outVoxels = target[0] * target[1] * target[2];
        var output = new float[channels * outVoxels];
        var mask = new float[inVoxels];
        for (int c = 0; c < channels; c++)
        {
            var channel = labels.AsSpan(c * inVoxels, inVoxels);
            var outChannel = output.AsSpan(c * outVoxels, outVoxels);
            foreach (float label in channel.ToArray().Distinct().Order())
            {
                for (int i = 0; i < inVoxels; i++) mask[i] = channel[i] == label ? 1f : 0f;
                var resized = ResizeValues(mask, 1, shape, target, order, keepAxis, maxDegreeOfParallelism);
                for (int i = 0; i < outVoxels; i++)
                    if (resized[i] >= LabelInterpolation.PaintThreshold) outChannel[i] = label;
            }
        }
        return output;
    }

    static int[] InPlaneShape(int[] shape, int[] newShape, int axis)
    {
        var s = (int[])newShape.Clone();
        s[axis] = shape[axis];
        return s;
    }

    static void Validate(float[] data, int channels, int[] shape, int[] newShape, ResamplingScheme scheme, int? separateZAxis)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (shape is not { Length: 3 } || shape.Any(s => s < 1))
            throw new ArgumentException("Shape must be three positive sizes (z, y, x).", nameof(shape));
        if (newShape is not { Length: 3 } || newShape.Any(s => s < 1))
            throw new ArgumentException("New shape must be three positive sizes (z, y, x).", nameof(newShape));
        if (channels < 1 || (long)channels * shape[0] * shape[1] * shape[2] != data.LongLength)
            throw new ArgumentException($"Data holds {data.LongLength} values, not {channels} x {string.Join(" x ", shape)}.", nameof(data));
        if ((long)channels * newShape[0] * newShape[1] * newShape[2] > Array.MaxLength)
            throw new ArgumentException($"Resampled size {channels} x {string.Join(" x ", newShape)} is too large.", nameof(newShape));
        if (separateZAxis is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(separateZAxis), separateZAxis, "The separate-z axis must be 0, 1 or 2.");
        foreach (var order in new[] { scheme.Order, scheme.OrderZ })
            if (!Enum.IsDefined(order))
                throw new ArgumentOutOfRangeException(nameof(scheme), order, "Supported interpolation orders are 0, 1 and 3.");
        if (scheme.IsSegmentation && separateZAxis is not null && scheme.OrderZ == InterpolationOrder.Cubic)
            throw new ArgumentOutOfRangeException(nameof(scheme), scheme.OrderZ,
                "Segmentations are resampled along the separate-z axis with order 0 or 1.");
    }
}
