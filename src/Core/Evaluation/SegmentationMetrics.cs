namespace NnUNet.Core.Evaluation;

/// <summary>
/// The per-case, per-label metrics of nnU-Net v1's evaluator (spec §10), under v1's key names, with v1's NaN
/// rules: a ratio whose defining set is empty is NaN (e.g. Dice and Jaccard when prediction and reference are
/// both empty, Precision when the prediction is empty, Recall when the reference is empty). The raw counts are
/// added under their own names (v1 reports only their sums as "Total Positives Test/Reference").
/// </summary>
public static class SegmentationMetrics
{
    public const string FalsePositiveRate = "False Positive Rate";
    public const string Dice = "Dice";
    public const string Jaccard = "Jaccard";
    public const string Precision = "Precision";
    public const string Recall = "Recall";
    public const string Accuracy = "Accuracy";
    public const string FalseOmissionRate = "False Omission Rate";
    public const string NegativePredictiveValue = "Negative Predictive Value";
    public const string FalseNegativeRate = "False Negative Rate";
    public const string TrueNegativeRate = "True Negative Rate";
    public const string FalseDiscoveryRate = "False Discovery Rate";
    public const string TotalPositivesTest = "Total Positives Test";
    public const string TotalPositivesReference = "Total Positives Reference";
    public const string TruePositives = "True Positives";
    public const string FalsePositives = "False Positives";
    public const string FalseNegatives = "False Negatives";
    public const string TrueNegatives = "True Negatives";

    /// <summary>Every key <see cref="Compute"/> returns, v1's default metric list first (spec §10).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        FalsePositiveRate, Dice, Jaccard, Precision, Recall, Accuracy, FalseOmissionRate, NegativePredictiveValue,
        FalseNegativeRate, TrueNegativeRate, FalseDiscoveryRate, TotalPositivesTest, TotalPositivesReference,
        TruePositives, FalsePositives, FalseNegatives, TrueNegatives,
    ];

    /// <summary>Dice = 2TP / (2TP + FP + FN); NaN when prediction and reference are both empty (spec §10, v1).</summary>
    public static double DiceOf(ConfusionCounts c) =>
        c.TestEmpty && c.ReferenceEmpty ? double.NaN : 2.0 * c.TruePositives / (2 * c.TruePositives + c.FalsePositives + c.FalseNegatives);

    /// <summary>All metrics of one label in one case, keyed by <see cref="Names"/>.</summary>
    public static Dictionary<string, double> Compute(ConfusionCounts c)
    {
        long tp = c.TruePositives, fp = c.FalsePositives, fn = c.FalseNegatives, tn = c.TrueNegatives;
        double precision = c.TestEmpty ? double.NaN : (double)tp / (tp + fp);
        double recall = c.ReferenceEmpty ? double.NaN : (double)tp / (tp + fn);
        double specificity = c.ReferenceFull ? double.NaN : (double)tn / (tn + fp);
        double falseOmission = c.TestFull ? double.NaN : (double)fn / (fn + tn);
        // The rates below are complements, as v1 defines them, so they share the NaN of the rate they complement.
        return new Dictionary<string, double>(Names.Count)
        {
            [FalsePositiveRate] = 1 - specificity,
            [Dice] = DiceOf(c),
            [Jaccard] = c.TestEmpty && c.ReferenceEmpty ? double.NaN : (double)tp / (tp + fp + fn),
            [Precision] = precision,
            [Recall] = recall,
            [Accuracy] = (double)(tp + tn) / c.Total,
            [FalseOmissionRate] = falseOmission,
            [NegativePredictiveValue] = 1 - falseOmission,
            [FalseNegativeRate] = 1 - recall,
            [TrueNegativeRate] = specificity,
            [FalseDiscoveryRate] = 1 - precision,
            [TotalPositivesTest] = tp + fp,
            [TotalPositivesReference] = tp + fn,
            [TruePositives] = tp,
            [FalsePositives] = fp,
            [FalseNegatives] = fn,
            [TrueNegatives] = tn,
        };
    }
}
