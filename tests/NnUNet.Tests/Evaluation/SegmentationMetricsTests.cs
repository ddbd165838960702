using NnUNet.Core.Evaluation;
using M = NnUNet.Core.Evaluation.SegmentationMetrics;

namespace NnUNet.Tests.Evaluation;

/// <summary>v1's metric definitions and NaN rules (spec §10), checked on counts whose answers follow from the definitions.</summary>
public class SegmentationMetricsTests
{
    [Fact]
    public void RatiosFollowTheirDefinitions()
    {
        var m = M.Compute(new ConfusionCounts(TruePositives: 3, FalsePositives: 1, FalseNegatives: 2, TrueNegatives: 4));

        Assert.Equal(2.0 * 3 / (2 * 3 + 1 + 2), m[M.Dice], 15);
        Assert.Equal(3.0 / (3 + 1 + 2), m[M.Jaccard], 15);
        Assert.Equal(3.0 / 4, m[M.Precision], 15);
        Assert.Equal(3.0 / 5, m[M.Recall], 15);
        Assert.Equal(7.0 / 10, m[M.Accuracy], 15);
        Assert.Equal(4.0 / 5, m[M.TrueNegativeRate], 15);
        Assert.Equal(1.0 / 5, m[M.FalsePositiveRate], 15);
        Assert.Equal(2.0 / 6, m[M.FalseOmissionRate], 15);
        Assert.Equal(4.0 / 6, m[M.NegativePredictiveValue], 15);
        Assert.Equal(2.0 / 5, m[M.FalseNegativeRate], 15);
        Assert.Equal(1.0 / 4, m[M.FalseDiscoveryRate], 15);
        Assert.Equal(4, m[M.TotalPositivesTest]);
        Assert.Equal(5, m[M.TotalPositivesReference]);
        Assert.Equal([3.0, 1, 2, 4], [m[M.TruePositives], m[M.FalsePositives], m[M.FalseNegatives], m[M.TrueNegatives]]);
        Assert.Equal(M.Names.Order(), m.Keys.Order());
    }

    [Fact]
    public void BothEmptyIsNaNForOverlapMetricsAndRatiosOverEmptySets()
    {
        var m = M.Compute(new ConfusionCounts(0, 0, 0, 10));

        foreach (string name in new[] { M.Dice, M.Jaccard, M.Precision, M.Recall, M.FalseDiscoveryRate, M.FalseNegativeRate })
            Assert.True(double.IsNaN(m[name]), name);
        Assert.Equal(1.0, m[M.Accuracy]);
        Assert.Equal(1.0, m[M.TrueNegativeRate]);
        Assert.Equal(0.0, m[M.FalseOmissionRate]);
    }

    [Fact]
    public void EmptyPredictionOfAPresentLabelScoresZeroDiceAndNaNPrecision()
    {
        var m = M.Compute(new ConfusionCounts(0, 0, 5, 5));

        Assert.Equal(0.0, m[M.Dice]);
        Assert.Equal(0.0, m[M.Jaccard]);
        Assert.Equal(0.0, m[M.Recall]);
        Assert.True(double.IsNaN(m[M.Precision]));
    }

    [Fact]
    public void FullReferenceMakesSpecificityNaNAndFullPredictionMakesOmissionNaN()
    {
        var fullReference = M.Compute(new ConfusionCounts(6, 0, 4, 0));
        Assert.True(double.IsNaN(fullReference[M.TrueNegativeRate]));
        Assert.True(double.IsNaN(fullReference[M.FalsePositiveRate]));

        var fullPrediction = M.Compute(new ConfusionCounts(6, 4, 0, 0));
        Assert.True(double.IsNaN(fullPrediction[M.FalseOmissionRate]));
        Assert.True(double.IsNaN(fullPrediction[M.NegativePredictiveValue]));
        Assert.Equal(1.0, fullPrediction[M.Recall]);
    }
}
