namespace NnUNet.Core.Inference;

/// <summary>
/// How <see cref="SlidingWindowPredictor"/> covers a case (spec §8). A two-axis patch means a 2D network, run
/// slice by slice along axis 0 of the volume.
/// </summary>
public sealed record SlidingWindowSettings
{
    /// <summary>
    /// Network inputs per forward pass by default: 1, as v1. Measured with the bench "predict" (small 3D U-Net, 2 CPU
    /// cores): batches of 8 tiles/mirrors took 3-5x longer per case than one at a time, so batching is opt-in
    /// (<c>--batch</c>, worth trying on a GPU).
    /// </summary>
    public const int DefaultBatchSize = 1;

    /// <param name="patchSize">The network's input patch (plan order), two or three axes.</param>
    /// <param name="numClasses">Output channels of the network, background included.</param>
    public SlidingWindowSettings(IReadOnlyList<int> patchSize, int numClasses)
    {
        if (patchSize is not { Count: 2 or 3 } || patchSize.Any(p => p < 1))
            throw new ArgumentException("The patch needs two or three positive sizes.", nameof(patchSize));
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "At least one class.");
        PatchSize = patchSize.ToArray();
        NumClasses = numClasses;
        MirrorAxes = Enumerable.Range(0, patchSize.Count).ToArray();
    }

    public int[] PatchSize { get; }

    public int NumClasses { get; }

    /// <summary>Step between tiles as a fraction of the patch (0.5, spec §8).</summary>
    public double StepSize { get; init; } = SlidingWindowSteps.DefaultStepSize;

    /// <summary>Test-time mirroring: every subset of <see cref="MirrorAxes"/> (off: <c>--disable_tta</c>).</summary>
    public bool UseMirroring { get; init; } = true;

    /// <summary>Patch axes that may be mirrored (the trainer's mirror axes; default every axis).</summary>
    public int[] MirrorAxes { get; init; }

    /// <summary>Weight tiles with the Gaussian importance map when a case needs more than one tile.</summary>
    public bool UseGaussian { get; init; } = true;

    /// <summary>Network inputs per forward pass (tiles and their mirrors); 1 reproduces v1's one-at-a-time order.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    public bool IsTwoDimensional => PatchSize.Length == 2;
}
