using NnUNet.Core.Imaging;
using NnUNet.Core.Planning;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Preprocesses one cropped case for one stage of the plans, exactly as v1's GenericPreprocessor (3D plans) and
/// PreprocessorFor2D (2D plans) do (spec §5): transpose by transpose_forward; NaN -> 0; resample to the stage's
/// current_spacing (data order 3, segmentation per-label order 1, order 0 along a separate z axis, separate z
/// decided from the spacings with threshold 3; 2D keeps the case's own spacing on axis 0); segmentation values
/// below -1 -> 0; normalise per channel with the resampled segmentation as mask (<see cref="IntensityNormalizer"/>);
/// for labelled cases, sample class locations (<see cref="ClassLocationSampler"/>) over the plans' classes.
/// </summary>
public static class CasePreprocessor
{
    /// <summary>
    /// Preprocesses <paramref name="croppedCase"/> for stage <paramref name="stage"/> of <paramref name="plans"/>.
    /// The cropped case's arrays are not modified. <paramref name="maxDegreeOfParallelism"/> bounds the threads of
    /// the resampling (1 when cases run in parallel).
    /// </summary>
    public static PreprocessedCaseData Preprocess(CroppedCase croppedCase, ExperimentPlans plans, int stage, int maxDegreeOfParallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, plans.NumStages);
        if (plans.NumModalities != croppedCase.Channels)
            throw new NnUNet.Abstractions.InvalidInputException(
                $"{croppedCase.ImageFiles[0]}: case {croppedCase.Id} has {croppedCase.Channels} channels but the plans expect {plans.NumModalities}.");

        var forward = plans.TransposeForward;
        int channels = croppedCase.Channels;
        int[] shape = VolumeTranspose.Apply(croppedCase.Shape, forward);
        double[] originalSpacing = VolumeTranspose.Apply(croppedCase.Geometry.Spacing, forward);
        double[] targetSpacing = plans.PlansPerStage[stage].CurrentSpacing.ToArray();
        if (plans.IsTwoDimensional) targetSpacing[0] = originalSpacing[0]; // PreprocessorFor2D: axis 0 is not resampled

        // The cropped arrays stay untouched: every in-place step below works on a transposed, resampled or cloned copy.
        float[] data = VolumeTranspose.Apply(croppedCase.Data, channels, croppedCase.Shape, forward);
        float[] segmentation = VolumeTranspose.Apply(croppedCase.Segmentation, 1, croppedCase.Shape, forward);
        if (data == croppedCase.Data && HasNaN(data)) data = (float[])data.Clone();
        ReplaceNaN(data);

        var plan = ResamplingPlan.ForSpacing(shape, originalSpacing, targetSpacing);
        if (!plan.NewShape.AsSpan().SequenceEqual(shape))
        {
            data = Resampler.Resample(data, channels, shape, plan.NewShape, ResamplingScheme.Data, plan.SeparateZAxis, maxDegreeOfParallelism);
            segmentation = Resampler.Resample(segmentation, 1, shape, plan.NewShape, ResamplingScheme.Segmentation,
                plan.SeparateZAxis, maxDegreeOfParallelism);
            shape = plan.NewShape;
        }
        if (data == croppedCase.Data) data = (float[])data.Clone();
        if (segmentation == croppedCase.Segmentation) segmentation = (float[])segmentation.Clone();
        for (int i = 0; i < segmentation.Length; i++)
            if (segmentation[i] < -1) segmentation[i] = 0; // v1 after resampling

        IntensityNormalizer.Normalize(data, segmentation, plans.NormalizationSchemes, plans.UseMaskForNorm,
            plans.DatasetProperties.IntensityProperties);

        var locations = new Dictionary<int, int[][]>();
        if (croppedCase.HasLabel)
            foreach (var (label, rows) in ClassLocationSampler.Sample<float>(segmentation, shape, plans.AllClasses))
                locations[label] = ToRows(rows);

        var properties = new CaseProperties
        {
            CaseIdentifier = croppedCase.Id,
            DataFiles = croppedCase.ImageFiles.ToArray(),
            SegFile = croppedCase.LabelFile,
            OriginalSpacing = (double[])croppedCase.Geometry.Spacing.Clone(),
            Origin = (double[])croppedCase.Geometry.Origin.Clone(),
            Direction = (double[])croppedCase.Geometry.Direction.Clone(),
            OriginalShape = (int[])croppedCase.OriginalShape.Clone(),
            CropBox = croppedCase.CropBox.Select(r => (int[])r.Clone()).ToArray(),
            ShapeAfterCropping = (int[])croppedCase.Shape.Clone(),
            Classes = croppedCase.Classes.ToArray(),
            ShapeAfterResampling = (int[])shape.Clone(),
            SpacingAfterResampling = targetSpacing,
            UseNonzeroMaskForNormalization = plans.UseMaskForNorm.ToArray(),
            ClassLocations = locations,
        };
        return new PreprocessedCaseData
        {
            Data = data,
            Channels = channels,
            Shape = shape,
            Segmentation = segmentation,
            HasLabel = croppedCase.HasLabel,
            Properties = properties,
        };
    }

    static bool HasNaN(ReadOnlySpan<float> data)
    {
        foreach (float v in data)
            if (float.IsNaN(v)) return true;
        return false;
    }

    static void ReplaceNaN(Span<float> data)
    {
        for (int i = 0; i < data.Length; i++)
            if (float.IsNaN(data[i])) data[i] = 0f;
    }

    static int[][] ToRows(int[,] rows)
    {
        var result = new int[rows.GetLength(0)][];
        for (int i = 0; i < result.Length; i++) result[i] = [rows[i, 0], rows[i, 1], rows[i, 2]];
        return result;
    }
}
