using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Inference;

/// <summary>
/// The 3d_cascade_fullres network's extra input (spec §8 "Cascade"): the 3d_lowres segmentation of a case, taken from
/// the raw image's grid to the case's 3d_fullres preprocessed grid and one-hot encoded as one channel per foreground
/// label 1..C-1, appended to the image channels. Training (the out-of-fold predictions of pred_next_stage) and
/// prediction (<c>-l</c> or the automatic 3d_lowres run) both go through <see cref="ToStageGrid"/>, so the network
/// sees at inference exactly the kind of input it was trained on.
/// <para>
/// The segmentation is cropped with the case's crop box, transposed and resampled exactly as preprocessing treats the
/// reference segmentation (per-label linear, nearest along a separate z axis): the reference labels themselves give
/// the stored 3d_fullres segmentation. v1 instead resized the uncropped map to the preprocessed shape at prediction,
/// which misaligns it whenever cropping removed something, while its training input was aligned.
/// </para>
/// </summary>
public static class CascadeInput
{
    const int FirstForegroundLabel = 1; // spec §8: one-hot of labels 1..C-1 (background has no channel)

    /// <summary>Extra channels of a network with <paramref name="numClasses"/> outputs (background included).</summary>
    public static int Channels(int numClasses) => numClasses - FirstForegroundLabel;

    /// <summary>
    /// A raw-grid segmentation ((z, y, x) in the raw file's order, <paramref name="properties"/>' original shape) on the
    /// grid of the preprocessed stage the properties describe: crop, <paramref name="transposeForward"/>, resample to
    /// <c>size_after_resampling</c>. <paramref name="file"/> names the source in errors.
    /// </summary>
    public static float[] ToStageGrid(float[] rawLabels, int[] rawShape, CaseProperties properties, IReadOnlyList<int> transposeForward, string file)
    {
        if (!rawShape.SequenceEqual(properties.OriginalShape))
            throw new InvalidInputException($"{file}: shape {Format(rawShape)} differs from the case's image {Format(properties.OriginalShape)}.");
        RawPlacement.Create(properties, transposeForward); // checks crop box and shapes
        int[] cropped = properties.ShapeAfterCropping;
        var labels = new float[cropped[0] * cropped[1] * cropped[2]];
        var box = properties.CropBox;
        for (int z = 0, o = 0; z < cropped[0]; z++)
            for (int y = 0; y < cropped[1]; y++, o += cropped[2])
                rawLabels.AsSpan(((box[0][0] + z) * rawShape[1] + box[1][0] + y) * rawShape[2] + box[2][0], cropped[2]).CopyTo(labels.AsSpan(o));

        float[] transposed = VolumeTranspose.Apply(labels, 1, cropped, transposeForward);
        int[] shape = VolumeTranspose.Apply(cropped, transposeForward);
        double[] spacing = VolumeTranspose.Apply(properties.OriginalSpacing, transposeForward);
        int[] target = properties.ShapeAfterResampling;
        if (shape.SequenceEqual(target)) return transposed;
        var plan = ResamplingPlan.ForShape(target, spacing, properties.SpacingAfterResampling);
        return Resampler.Resample(transposed, 1, shape, target, ResamplingScheme.Segmentation, plan.SeparateZAxis, maxDegreeOfParallelism: 1);
    }

    /// <summary>One-hot of labels 1..C-1 into <paramref name="target"/> ((C-1) x voxels); other values give no channel.</summary>
    public static void OneHot(ReadOnlySpan<float> labels, int numClasses, Span<float> target)
    {
        int voxels = labels.Length;
        if (target.Length != (long)Channels(numClasses) * voxels) throw new ArgumentException("Target is not (C - 1) x voxels.", nameof(target));
        for (int label = FirstForegroundLabel; label < numClasses; label++)
        {
            var channel = target.Slice((label - FirstForegroundLabel) * voxels, voxels);
            for (int v = 0; v < voxels; v++) channel[v] = labels[v] == label ? 1f : 0f;
        }
    }

    /// <summary>The image channels (<paramref name="channels"/> x voxels) followed by the one-hot channels of <paramref name="labels"/>.</summary>
    public static float[] Append(ReadOnlySpan<float> data, int channels, ReadOnlySpan<float> labels, int numClasses)
    {
        int voxels = labels.Length;
        if (data.Length != (long)channels * voxels) throw new ArgumentException("Data is not channels x voxels of the labels.", nameof(data));
        var result = new float[(channels + Channels(numClasses)) * voxels];
        data.CopyTo(result);
        OneHot(labels, numClasses, result.AsSpan(channels * voxels));
        return result;
    }

    static string Format(IReadOnlyList<int> shape) => string.Join("x", shape);
}
