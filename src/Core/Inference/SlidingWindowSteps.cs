namespace NnUNet.Core.Inference;

/// <summary>
/// Where the sliding window places its patches along each axis (spec §8), identical to nnU-Net v1's
/// <c>_compute_steps_for_sliding_window</c>: n = ceil((size - patch) / (patch * step)) + 1 positions
/// spread evenly from 0 to size - patch, each rounded half to even (np.round).
/// </summary>
public static class SlidingWindowSteps
{
    /// <summary>Default step between patches, as a fraction of the patch size. spec §8</summary>
    public const double DefaultStepSize = 0.5;

    /// <summary>
    /// The start positions per axis. <paramref name="imageSize"/> is the size after padding the case to at
    /// least the patch size; <paramref name="stepSize"/> is in (0, 1].
    /// </summary>
    public static int[][] Compute(ReadOnlySpan<int> patchSize, ReadOnlySpan<int> imageSize, double stepSize = DefaultStepSize)
    {
        if (patchSize.Length != imageSize.Length)
            throw new ArgumentException($"Patch has {patchSize.Length} axes but the image {imageSize.Length}.", nameof(imageSize));
        if (!(stepSize > 0 && stepSize <= 1))
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size must be in (0, 1].");
        var steps = new int[patchSize.Length][];
        for (int d = 0; d < patchSize.Length; d++)
        {
            int patch = patchSize[d], size = imageSize[d];
            if (patch < 1) throw new ArgumentOutOfRangeException(nameof(patchSize), $"Patch axis {d} has size {patch}.");
            if (size < patch)
                throw new ArgumentException($"Image axis {d} ({size}) is smaller than the patch ({patch}); pad the image first.", nameof(imageSize));
            double target = patch * stepSize;
            int count = (int)Math.Ceiling((size - patch) / target) + 1;
            double actual = count > 1 ? (double)(size - patch) / (count - 1) : 0;
            steps[d] = new int[count];
            for (int i = 0; i < count; i++) steps[d][i] = (int)Math.Round(actual * i, MidpointRounding.ToEven);
        }
        return steps;
    }
}
