using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Tests.Training.Augmentation;

public class IntensityAugmentationTests
{
    static float[] RandomValues(int n, int seed, float offset = 0)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 3 - 1) + offset)];
    }

    static (double Mean, double Std) MeanStd(ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (float v in values) mean += v;
        mean /= values.Length;
        double sq = 0;
        foreach (float v in values) sq += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(sq / values.Length));
    }

    [Theory]
    [InlineData(0.7, false)]
    [InlineData(1.45, false)]
    [InlineData(0.8, true)]
    [InlineData(1.3, true)]
    public void GammaWithRetainedStatsKeepsMeanAndStd(double gamma, bool inverted)
    {
        var values = RandomValues(5000, 1, offset: 2);
        var (mean, std) = MeanStd(values);
        var before = (float[])values.Clone();
        GammaAugmentation.Transform(values, gamma, inverted);
        var (newMean, newStd) = MeanStd(values);
        Assert.Equal(1, newMean / mean, 1e-4);
        Assert.Equal(1, newStd / std, 1e-4);
        Assert.NotEqual(before, values); // it did change the distribution's shape
    }

    [Fact]
    public void GammaKeepsTheOrderOfValuesAndInvertedGammaBendsTheOtherWay()
    {
        float[] ramp = [.. Enumerable.Range(0, 11).Select(i => (float)i)];
        var plain = (float[])ramp.Clone();
        var inverted = (float[])ramp.Clone();
        GammaAugmentation.Transform(plain, 2, inverted: false);
        GammaAugmentation.Transform(inverted, 2, inverted: true);
        for (int i = 1; i < ramp.Length; i++)
        {
            Assert.True(plain[i] > plain[i - 1]);
            Assert.True(inverted[i] > inverted[i - 1]);
        }
        // Gamma 2 is convex: steps grow; the inverted version mirrors it: steps shrink.
        Assert.True(plain[10] - plain[9] > plain[1] - plain[0]);
        Assert.True(inverted[10] - inverted[9] < inverted[1] - inverted[0]);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.2)]
    public void ContrastStaysWithinTheOldRangeAndScalesAroundTheMean(double factor)
    {
        var values = RandomValues(2000, 2);
        var before = (float[])values.Clone();
        var (mean, _) = MeanStd(values);
        ContrastAugmentation.Adjust(values, factor);
        float min = before.Min(), max = before.Max();
        for (int i = 0; i < values.Length; i++)
        {
            Assert.InRange(values[i], min, max);
            float expected = Math.Clamp((float)((before[i] - mean) * factor + mean), min, max);
            Assert.Equal(expected, values[i], 1e-5);
        }
        if (factor > 1) Assert.Contains(values, v => v == max); // stretched values are clipped to the old maximum
    }

    [Fact]
    public void BrightnessMultiplies()
    {
        var values = RandomValues(100, 3);
        var before = (float[])values.Clone();
        BrightnessMultiplicative.Multiply(values, 1.2f);
        for (int i = 0; i < values.Length; i++) Assert.Equal(before[i] * 1.2f, values[i]);
    }

    [Fact]
    public void BrightnessFactorsStayInRangeAndDifferPerChannel()
    {
        var random = new TrainingRandom(4);
        int applied = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            var data = new float[] { 1, 1, 1, 1, 1, 1 }; // 3 channels of 2 voxels
            BrightnessMultiplicative.Apply(data, 3, random);
            if (data.All(v => v == 1)) continue;
            applied++;
            foreach (float v in data) Assert.InRange(v, 0.75f, 1.25f);
            Assert.Equal(data[0], data[1]);
            Assert.NotEqual(data[0], data[2]);
        }
        Assert.InRange(applied, 30, 100); // p 0.15 of 400 = 60
    }

    [Fact]
    public void NoiseHasTheRequestedStd()
    {
        var values = new float[200_000];
        new TrainingRandom(5).AddNormal(values, 0.05);
        var (mean, std) = MeanStd(values);
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.049, 0.051);
    }

    [Fact]
    public void NoiseStdIsDrawnUpTo0Point1WithProbability0Point1()
    {
        var random = new TrainingRandom(6);
        int applied = 0;
        double largest = 0;
        for (int trial = 0; trial < 1000; trial++)
        {
            var data = new float[4000];
            GaussianNoise.Apply(data, random);
            if (data.All(v => v == 0)) continue;
            applied++;
            largest = Math.Max(largest, MeanStd(data).Std);
        }
        Assert.InRange(applied, 70, 130);
        Assert.InRange(largest, 0.08, 0.105);
    }

    [Fact]
    public void BlurOfAConstantIsConstant()
    {
        var shape = new PatchShape(6, 7, 9);
        var values = Enumerable.Repeat(3.5f, shape.Voxels).ToArray();
        new GaussianBlur().Blur(values, shape, 0.9);
        Assert.All(values, v => Assert.Equal(3.5, v, 1e-5));
    }

    [Fact]
    public void BlurOfADeltaIsTheNormalisedGaussianKernel()
    {
        // gaussian_filter's kernel: exp(-k^2 / (2 sigma^2)) for |k| <= int(4 sigma + 0.5), normalised. In 3D the
        // response to an interior delta is the product of three such kernels.
        double sigma = 0.75;
        int radius = (int)(4 * sigma + 0.5);
        double[] kernel = [.. Enumerable.Range(-radius, 2 * radius + 1).Select(k => Math.Exp(-k * k / (2 * sigma * sigma)))];
        double sum = kernel.Sum();
        var shape = new PatchShape(9, 9, 9);
        var values = new float[shape.Voxels];
        values[(4 * 9 + 4) * 9 + 4] = 1;
        new GaussianBlur().Blur(values, shape, sigma);
        for (int dz = -radius; dz <= radius; dz++)
            for (int dx = -radius; dx <= radius; dx++)
            {
                double expected = kernel[dz + radius] * kernel[radius] * kernel[dx + radius] / (sum * sum * sum);
                Assert.Equal(expected, values[((4 + dz) * 9 + 4) * 9 + 4 + dx], 1e-6);
            }
        Assert.Equal(1, values.Sum(v => (double)v), 1e-5);
    }

    [Fact]
    public void BlurReflectsAtTheBorder()
    {
        // Line (1, 0, 0, 0, 0) with the "reflect" border (value 1 mirrored to index -1): the first output is
        // w0 + w1 (its own and its mirror image's weight).
        double sigma = 0.5;
        double w0 = 1, w1 = Math.Exp(-1 / (2 * sigma * sigma)), w2 = Math.Exp(-4 / (2 * sigma * sigma));
        double sum = w0 + 2 * w1 + 2 * w2;
        var line = new float[] { 1, 0, 0, 0, 0 };
        new GaussianBlur().Blur(line, new PatchShape(1, 1, 5), sigma);
        Assert.Equal((w0 + w1) / sum, line[0], 1e-6);
        Assert.Equal((w1 + w2) / sum, line[1], 1e-6);
    }

    [Fact]
    public void LowResolutionWithZoomOneIsIdentity()
    {
        var shape = new PatchShape(5, 8, 9);
        var values = RandomValues(shape.Voxels, 7);
        var before = (float[])values.Clone();
        var step = new SimulateLowResolution(keepAxis0: false);
        step.Resample(values, shape, SimulateLowResolution.LowShape(shape, 1.0, false));
        Assert.Equal(before, values);
    }

    [Fact]
    public void LowResolutionShapeRoundsHalfToEvenAndKeepsAxisZeroWhenAsked()
    {
        var shape = new PatchShape(5, 9, 10);
        Assert.Equal(new PatchShape(2, 4, 5), SimulateLowResolution.LowShape(shape, 0.5, false)); // 2.5 -> 2, 4.5 -> 4
        Assert.Equal(new PatchShape(5, 4, 5), SimulateLowResolution.LowShape(shape, 0.5, true));
    }

    [Fact]
    public void LowResolutionKeepsConstantsAndLosesDetail()
    {
        var shape = new PatchShape(4, 16, 16);
        var constant = Enumerable.Repeat(2f, shape.Voxels).ToArray();
        var step = new SimulateLowResolution(keepAxis0: true);
        step.Resample(constant, shape, new PatchShape(4, 8, 8));
        Assert.All(constant, v => Assert.Equal(2, v, 1e-5));

        // A checkerboard of single voxels cannot survive halving the resolution: the nearest-neighbour down step
        // keeps every second voxel (odd indices for a factor 2), all of one colour.
        var checker = new float[shape.Voxels];
        for (int i = 0; i < checker.Length; i++) checker[i] = ((i / 16 + i % 16) % 2 == 0) ? 1 : 0;
        step.Resample(checker, shape, new PatchShape(4, 8, 8));
        Assert.All(checker, v => Assert.Equal(1, v, 1e-5)); // (odd + odd) is even -> colour 1 everywhere
    }

    [Fact]
    public void MaskZeroesFlaggedChannelsWhereTheSegmentationIsNegative()
    {
        float[] seg = [-1, 0, 1, -1];
        float[] data = [1, 2, 3, 4, 5, 6, 7, 8];
        MaskForNormalization.Apply(data, 2, seg, [false, true]);
        Assert.Equal(new float[] { 1, 2, 3, 4, 0, 6, 7, 0 }, data);
    }

    [Fact]
    public void CleanupMapsMinusOneToBackground()
    {
        float[] seg = [-1, 0, 1, 2, -1];
        SegmentationCleanup.Apply(seg);
        Assert.Equal(new float[] { 0, 0, 1, 2, 0 }, seg);
    }
}
