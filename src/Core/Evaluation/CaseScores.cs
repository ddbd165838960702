namespace NnUNet.Core.Evaluation;

/// <summary>The metrics of one case: per label, the metric values keyed by <see cref="SegmentationMetrics.Names"/>.</summary>
/// <param name="Test">The prediction file.</param>
/// <param name="Reference">The reference (ground truth) file.</param>
/// <param name="Metrics">Label -> metric name -> value.</param>
public sealed record CaseScores(string Test, string Reference, IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>> Metrics)
{
    /// <summary>The scores of a case from its per-label counts (labels and counts in the same order).</summary>
    public static CaseScores FromCounts(string test, string reference, IReadOnlyList<int> labels, IReadOnlyList<ConfusionCounts> counts)
    {
        var metrics = new Dictionary<int, IReadOnlyDictionary<string, double>>(labels.Count);
        for (int i = 0; i < labels.Count; i++) metrics[labels[i]] = SegmentationMetrics.Compute(counts[i]);
        return new CaseScores(test, reference, metrics);
    }
}
