using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Planning;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// The dataset fingerprint of v1's ImageCropper + DatasetAnalyzer (spec §3), computed from the raw training
/// cases cropped on the fly: per case the spacing, the shape after cropping and the size reduction; the
/// foreground classes (labels &gt; 0 of dataset.json) and modalities; and, only when some modality is exactly
/// "CT" or "ct", foreground intensity statistics for every channel: per case every 10th voxel with seg &gt; 0
/// (C order of the cropped array), pooled over the cases in v1's order (sorted file names CASE.npz).
/// A case is read, cropped and dropped on one thread; only its samples are kept.
/// </summary>
public static class FingerprintExtractor
{
    /// <summary>Every n-th foreground voxel is kept for the intensity statistics. spec §3</summary>
    public const int ForegroundSampleStep = 10;

    /// <summary>Fingerprints the training cases of <paramref name="dataset"/> on up to <paramref name="threads"/> threads.</summary>
    public static DatasetFingerprint Extract(DatasetDescription dataset, int threads, IProgress<ProgressUpdate>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (dataset.Training.Count == 0) throw new InvalidInputException($"{dataset.JsonPath}: the dataset lists no training cases.");
        bool collectIntensities = CollectsIntensities(dataset.Channels);
        var cases = CaseOrder(dataset.Training);
        var results = new CaseResult[cases.Length];
        ParallelCases.Run(cases.Length, threads, "fingerprint", i => cases[i].Id, progress, cancellationToken, i =>
        {
            var cropped = NonzeroCropper.Crop(RawCase.Read(cases[i]));
            if (cropped.Channels != dataset.Channels.Count)
                throw new InvalidInputException($"{cases[i].Images[0]}: case {cases[i].Id} has {cropped.Channels} channel files but dataset.json lists {dataset.Channels.Count} modalities.");
            results[i] = new CaseResult(
                new CaseFingerprint
                {
                    CaseIdentifier = cropped.Id,
                    Spacing = (double[])cropped.Geometry.Spacing.Clone(),
                    ShapeAfterCropping = (int[])cropped.Shape.Clone(),
                    SizeReduction = cropped.SizeReduction,
                },
                collectIntensities ? ForegroundSamples(cropped) : null);
        });

        IReadOnlyList<IntensityProperties>? pooled = null;
        if (collectIntensities)
        {
            var perChannel = new IntensityProperties[dataset.Channels.Count];
            for (int c = 0; c < perChannel.Length; c++)
            {
                var samples = results.SelectMany(r => r.Samples![c]).ToArray();
                perChannel[c] = IntensityProperties.FromSamples(samples)
                    ?? throw new InvalidInputException($"{dataset.JsonPath}: no training case has a foreground voxel (label > 0), so the CT intensity statistics cannot be computed.");
            }
            pooled = perChannel;
        }

        return new DatasetFingerprint
        {
            Cases = results.Select(r => r.Samples is null ? r.Fingerprint
                : r.Fingerprint with { IntensityProperties = r.Samples.Select(s => IntensityProperties.FromSamples(s)).ToArray() }).ToArray(),
            Modalities = dataset.Channels.ToArray(),
            AllClasses = dataset.Labels.Keys.Where(k => k > 0).Order().ToArray(),
            IntensityProperties = pooled,
        };
    }

    /// <summary>
    /// The order v1's DatasetAnalyzer visits the cases in: its cropped files CASE.npz sorted by name (ordinal). The
    /// pooled float32 sums depend on it ("a-1.npz" sorts before "a.npz").
    /// </summary>
    public static DatasetCase[] CaseOrder(IEnumerable<DatasetCase> cases) =>
        cases.OrderBy(c => c.Id + ".npz", StringComparer.Ordinal).ToArray();

    /// <summary>v1 collects intensity statistics only when a modality is exactly "CT" or "ct".</summary>
    public static bool CollectsIntensities(IReadOnlyList<string> modalities) => modalities.Any(m => m is "CT" or "ct");

    /// <summary>Per channel, every 10th value of the voxels with seg &gt; 0, in C order (v1 <c>modality[seg &gt; 0][::10]</c>).</summary>
    public static float[][] ForegroundSamples(CroppedCase cropped)
    {
        var seg = cropped.Segmentation;
        int voxels = seg.Length;
        int foreground = 0;
        foreach (float s in seg) if (s > 0) foreground++;
        int count = (foreground + ForegroundSampleStep - 1) / ForegroundSampleStep;
        var samples = new float[cropped.Channels][];
        for (int c = 0; c < cropped.Channels; c++)
        {
            var channel = cropped.Data.AsSpan(c * voxels, voxels);
            var kept = new float[count];
            for (int i = 0, seen = 0, k = 0; i < voxels; i++)
            {
                if (!(seg[i] > 0)) continue;
                if (seen++ % ForegroundSampleStep == 0) kept[k++] = channel[i];
            }
            samples[c] = kept;
        }
        return samples;
    }

    sealed record CaseResult(CaseFingerprint Fingerprint, float[][]? Samples);
}
