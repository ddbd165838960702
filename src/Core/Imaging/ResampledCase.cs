namespace NnUNet.Core.Imaging;

/// <summary>The result of resampling a case to a target spacing: arrays in (c, z, y, x) at <c>Plan.NewShape</c>.</summary>
/// <param name="Data">Resampled image channels, or null when none were given.</param>
/// <param name="Segmentation">Resampled segmentation, or null when none was given.</param>
/// <param name="Plan">The new shape and separate-z decision that were applied.</param>
public sealed record ResampledCase(float[]? Data, float[]? Segmentation, ResamplingPlan Plan);
