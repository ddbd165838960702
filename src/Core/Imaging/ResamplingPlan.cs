namespace NnUNet.Core.Imaging;

/// <summary>
/// What resampling a case will do: the new spatial shape (z, y, x) and, for anisotropic data, the axis that is
/// resampled separately ("separate z": each slice across that axis is resized in 2D, then the axis itself with
/// its own order). Decided as v1 resample_patient does (spec §5 "Resampling").
/// </summary>
/// <param name="NewShape">Spatial shape after resampling (z, y, x).</param>
/// <param name="SeparateZAxis">Axis (0, 1 or 2 of z, y, x) resampled separately, or null for plain 3D resampling.</param>
public sealed record ResamplingPlan(int[] NewShape, int? SeparateZAxis)
{
    /// <summary>Separate z when max/min of a spacing exceeds this (spec §5).</summary>
    public const double DefaultAnisotropyThreshold = 3;

    /// <summary>
    /// The plan for resampling a case of <paramref name="shape"/> from <paramref name="originalSpacing"/> to
    /// <paramref name="targetSpacing"/>: new shape = round(original / target * shape), half to even as numpy.
    /// </summary>
    public static ResamplingPlan ForSpacing(int[] shape, double[] originalSpacing, double[] targetSpacing,
        bool? forceSeparateZ = null, double anisotropyThreshold = DefaultAnisotropyThreshold)
    {
        CheckSpacing(originalSpacing, nameof(originalSpacing));
        CheckSpacing(targetSpacing, nameof(targetSpacing));
        if (shape is not { Length: 3 }) throw new ArgumentException("Shape must be (z, y, x).", nameof(shape));
        var newShape = new int[3];
        for (int i = 0; i < 3; i++)
        {
            double size = Math.Round(originalSpacing[i] / targetSpacing[i] * shape[i], MidpointRounding.ToEven);
            if (size < 1 || size > int.MaxValue)
                throw new ArgumentException($"Resampling shape {string.Join("x", shape)} from spacing {Format(originalSpacing)} " +
                                            $"to {Format(targetSpacing)} gives {size} voxels along axis {i}.");
            newShape[i] = (int)size;
        }
        return new ResamplingPlan(newShape, DecideSeparateZAxis(originalSpacing, targetSpacing, forceSeparateZ, anisotropyThreshold));
    }

    /// <summary>
    /// The plan for resampling to a given shape, with separate z decided from the two spacings (the export of a
    /// prediction back to the shape before resampling, spec §8).
    /// </summary>
    public static ResamplingPlan ForShape(int[] newShape, double[] originalSpacing, double[] targetSpacing,
        bool? forceSeparateZ = null, double anisotropyThreshold = DefaultAnisotropyThreshold)
    {
        if (newShape is not { Length: 3 } || newShape.Any(s => s < 1))
            throw new ArgumentException("New shape must be three positive sizes (z, y, x).", nameof(newShape));
        return new ResamplingPlan((int[])newShape.Clone(),
            DecideSeparateZAxis(originalSpacing, targetSpacing, forceSeparateZ, anisotropyThreshold));
    }

    /// <summary>
    /// The separate-z axis, or null. Without forcing: the original spacing's coarsest axis if the original spacing
    /// is anisotropic, else the target's coarsest axis if the target is anisotropic. Forced: the original spacing's
    /// coarsest axis. Never when two or three axes tie for coarsest.
    /// </summary>
    public static int? DecideSeparateZAxis(double[] originalSpacing, double[] targetSpacing,
        bool? forceSeparateZ = null, double anisotropyThreshold = DefaultAnisotropyThreshold)
    {
        CheckSpacing(originalSpacing, nameof(originalSpacing));
        CheckSpacing(targetSpacing, nameof(targetSpacing));
        int[]? axes = forceSeparateZ switch
        {
            true => LowResolutionAxes(originalSpacing),
            false => null,
            null when IsAnisotropic(originalSpacing, anisotropyThreshold) => LowResolutionAxes(originalSpacing),
            null when IsAnisotropic(targetSpacing, anisotropyThreshold) => LowResolutionAxes(targetSpacing),
            null => null,
        };
        return axes is { Length: 1 } ? axes[0] : null;
    }

    /// <summary>Whether max/min of the spacing exceeds the threshold (v1 get_do_separate_z).</summary>
    public static bool IsAnisotropic(double[] spacing, double anisotropyThreshold = DefaultAnisotropyThreshold)
    {
        CheckSpacing(spacing, nameof(spacing));
        return spacing.Max() / spacing.Min() > anisotropyThreshold;
    }

    /// <summary>The axes whose spacing is the coarsest, ascending (v1 get_lowres_axis; ties give several).</summary>
    public static int[] LowResolutionAxes(double[] spacing)
    {
        CheckSpacing(spacing, nameof(spacing));
        double max = spacing.Max();
        return Enumerable.Range(0, spacing.Length).Where(i => max / spacing[i] == 1).ToArray();
    }

    static void CheckSpacing(double[] spacing, string name)
    {
        if (spacing is not { Length: 3 } || spacing.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ArgumentException($"Spacing must be three positive finite values (z, y, x), got {Format(spacing)}.", name);
    }

    static string Format(double[]? spacing) => spacing is null ? "null" : "(" + string.Join(", ", spacing) + ")";
}
