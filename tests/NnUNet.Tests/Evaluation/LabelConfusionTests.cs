using NnUNet.Core.Evaluation;

namespace NnUNet.Tests.Evaluation;

/// <summary>The one-pass joint histogram gives, for every label, the counts of the per-label definition.</summary>
public class LabelConfusionTests
{
    [Theory]
    [InlineData(1, new[] { 0, 1, 2 }, 2000, 0.7)]
    [InlineData(2, new[] { 2, 1 }, 2000, 0.0)]               // order kept, background not scored; no runs
    [InlineData(3, new[] { 1, 5, 300, -1 }, 2000, 0.9)]      // absent labels, a large and a negative label
    [InlineData(4, new[] { 0, 1, 2, 3 }, 60000, 0.9999)]     // runs longer than the search window
    public void CountsEqualThePerLabelDefinition(int seed, int[] labels, int length, double keep)
    {
        var random = new Random(seed);
        float[] values = [0, 1, 2, 3, 5, 300, -1, 2.5f, -0f];
        var prediction = new float[length];
        var reference = new float[length];
        for (int i = 0; i < prediction.Length; i++)
        {
            // Runs of equal values, as in label maps, plus isolated changes.
            prediction[i] = i > 0 && random.NextDouble() < keep ? prediction[i - 1] : values[random.Next(values.Length)];
            reference[i] = i > 0 && random.NextDouble() < keep ? reference[i - 1] : values[random.Next(values.Length)];
        }

        ConfusionCounts[] counts = LabelConfusion.Count(prediction, reference, labels);

        for (int l = 0; l < labels.Length; l++)
        {
            float label = labels[l];
            long tp = 0, fp = 0, fn = 0, tn = 0;
            for (int i = 0; i < prediction.Length; i++)
            {
                bool p = prediction[i] == label, r = reference[i] == label;
                if (p && r) tp++;
                else if (p) fp++;
                else if (r) fn++;
                else tn++;
            }
            Assert.Equal(new ConfusionCounts(tp, fp, fn, tn), counts[l]);
        }
    }

    [Fact]
    public void LabelGivenTwiceIsRejected() =>
        Assert.Throws<ArgumentException>(() => LabelConfusion.Count(new float[3], new float[3], [1, 1]));
}
