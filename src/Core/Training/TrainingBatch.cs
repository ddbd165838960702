namespace NnUNet.Core.Training;

/// <summary>
/// One finished batch as plain float32 C-order arrays, ready to become tensors: data (B, C, z, y, x) — (B, C, y, x)
/// for the 2d configuration — and one segmentation target (B, 1, ...) per deep-supervision scale, full resolution
/// first, labels as floats. Batches from a <see cref="BatchProducer"/> are pooled: dispose a batch once its arrays
/// have been copied (e.g. into tensors) so its buffers are reused; keep no reference to them afterwards.
/// </summary>
public sealed class TrainingBatch : IDisposable
{
    readonly int _sampleVoxels;
    readonly int[] _targetVoxels;

    public TrainingBatch(int batchSize, int channels, PatchShape patchSize, bool twoD, IReadOnlyList<PatchShape> targetShapes)
    {
        if (targetShapes.Count == 0 || targetShapes[0] != patchSize)
            throw new ArgumentException("The first target shape must be the patch itself.", nameof(targetShapes));
        BatchSize = batchSize;
        Channels = channels;
        PatchSize = patchSize;
        IsTwoD = twoD;
        TargetPatchShapes = targetShapes;
        _sampleVoxels = patchSize.Voxels;
        _targetVoxels = [.. targetShapes.Select(s => s.Voxels)];
        Data = new float[batchSize * channels * _sampleVoxels];
        DataShape = [batchSize, channels, .. Spatial(patchSize)];
        Targets = [.. _targetVoxels.Select(v => new float[batchSize * v])];
        TargetShapes = [.. targetShapes.Select(s => (long[])[batchSize, 1, .. Spatial(s)])];
        CaseIdentifiers = new string[batchSize];
        Locations = new PatchLocation[batchSize];
    }

    /// <summary>Position in the producer's stream (0, 1, 2, ...); batch k depends only on (seed, k).</summary>
    public long Index { get; internal set; }

    public int BatchSize { get; }
    public int Channels { get; }
    public bool IsTwoD { get; }

    /// <summary>Spatial size of one sample ((1, y, x) for 2D).</summary>
    public PatchShape PatchSize { get; }

    /// <summary>Spatial size of each target scale.</summary>
    public IReadOnlyList<PatchShape> TargetPatchShapes { get; }

    public float[] Data { get; }
    public long[] DataShape { get; }
    public IReadOnlyList<float[]> Targets { get; }
    public IReadOnlyList<long[]> TargetShapes { get; }

    /// <summary>Which case each sample came from, and where.</summary>
    public string[] CaseIdentifiers { get; }
    public PatchLocation[] Locations { get; }

    /// <summary>Data of sample j: (C, patch).</summary>
    public Span<float> SampleData(int sampleIndex) => Data.AsSpan(sampleIndex * Channels * _sampleVoxels, Channels * _sampleVoxels);

    /// <summary>Target of sample j at one deep-supervision scale.</summary>
    public Span<float> SampleTarget(int scale, int sampleIndex) => Targets[scale].AsSpan(sampleIndex * _targetVoxels[scale], _targetVoxels[scale]);

    /// <summary>Returns the buffers to the producer's pool (no-op for a batch made without one).</summary>
    public void Dispose() => Release?.Invoke(this);

    /// <summary>Set by the producer that pools this batch.</summary>
    internal Action<TrainingBatch>? Release { get; set; }

    long[] Spatial(PatchShape s) => IsTwoD ? [s.Y, s.X] : [s.Z, s.Y, s.X];
}
