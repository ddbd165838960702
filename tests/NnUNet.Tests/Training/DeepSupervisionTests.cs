using NnUNet.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>Deep-supervision weights, output scales, target downsampling and the weighted loss.</summary>
public class DeepSupervisionTests
{
    public DeepSupervisionTests() => torch.set_num_threads(1);

    [Fact]
    public void WeightsHalveEachLevelWithTheLowestResolutionOff()
    {
        // 1/2^i with the last set to 0, divided by the sum: 3 -> (1, 1/2, 0) / 1.5; 4 -> (1, 1/2, 1/4, 0) / 1.75;
        // 5 -> (1, 1/2, 1/4, 1/8, 0) / 1.875.
        AssertWeights([2.0 / 3, 1.0 / 3, 0], DeepSupervision.LossWeights(3));
        AssertWeights([4.0 / 7, 2.0 / 7, 1.0 / 7, 0], DeepSupervision.LossWeights(4));
        AssertWeights([8.0 / 15, 4.0 / 15, 2.0 / 15, 1.0 / 15, 0], DeepSupervision.LossWeights(5));

        static void AssertWeights(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-15);
            Assert.Equal(1.0, actual.Sum(), 1e-15);
        }
    }

    [Fact]
    public void ScalesAreOneThenInverseCumulativePools()
    {
        var scales = DeepSupervision.TargetScales([[1, 2, 2], [2, 2, 2], [2, 2, 2]]);
        Assert.Equal(new double[][] { [1, 1, 1], [1, 0.5, 0.5], [0.5, 0.25, 0.25] }, scales);
    }

    [Fact]
    public void DownsamplingPicksTheCentreAlignedNearestVoxel()
    {
        // Label = 8y + x on a 4x8 image. Order-0 resize maps output o to input floor((o + 0.5) * in/out): factor 2
        // picks 1, 3, 5, 7 and factor 4 picks 2, 6.
        using var target = arange(32, dtype: ScalarType.Float32).reshape(1, 1, 4, 8);
        var scales = DeepSupervision.TargetScales([[2, 2], [1, 2], [2, 2]]);   // (1, 1), (1/2, 1/2), (1/2, 1/4)
        var targets = DeepSupervision.DownsampleTargets(target, scales);

        Assert.Equal(target.data<float>().ToArray(), targets[0].data<float>().ToArray());
        Assert.Equal(new long[] { 1, 1, 2, 4 }, targets[1].shape);
        Assert.Equal(new float[] { 9, 11, 13, 15, 25, 27, 29, 31 }, targets[1].data<float>().ToArray());
        Assert.Equal(new long[] { 1, 1, 2, 2 }, targets[2].shape);
        Assert.Equal(new float[] { 10, 14, 26, 30 }, targets[2].data<float>().ToArray());
        foreach (var t in targets) t.Dispose();
    }

    [Fact]
    public void OddSizesRoundHalfToEvenAndPickByTheSameRule()
    {
        // 5 * 0.5 = 2.5 -> 2 rows, zoom 2.5: rows floor(1.25) = 1, floor(3.75) = 3.
        // 7 * 0.5 = 3.5 -> 4 columns, zoom 1.75: columns floor(0.875, 2.625, 4.375, 6.125) = 0, 2, 4, 6.
        var labels = Enumerable.Range(0, 35).Select(i => (short)(10 * (i / 7) + i % 7)).ToArray();
        var picked = DeepSupervision.DownsampleLabels<short>(labels, [1, 5, 7], [0.5, 0.5], out var shape);
        Assert.Equal(new[] { 1, 2, 4 }, shape);
        Assert.Equal(new short[] { 10, 12, 14, 16, 30, 32, 34, 36 }, picked);

        using var target = tensor(labels).reshape(1, 1, 5, 7);
        using var downsampled = DeepSupervision.DownsampleTarget(target, [0.5, 0.5]);
        Assert.Equal(ScalarType.Int16, downsampled.dtype);
        Assert.Equal(picked, downsampled.data<short>().ToArray());
    }

    [Fact]
    public void ArrayAndTensorDownsamplingAgree()
    {
        // Two samples of (6, 9, 10) with random labels; (1, 1/2, 1/4) gives (6, 4, 2) (4.5 and 2.5 round to even).
        var random = new Random(3);
        var labels = Enumerable.Range(0, 2 * 6 * 9 * 10).Select(_ => (float)random.Next(4)).ToArray();
        double[] scale = [1, 0.5, 0.25];

        var picked = DeepSupervision.DownsampleLabels<float>(labels, [2, 1, 6, 9, 10], scale, out var shape);
        Assert.Equal(new[] { 2, 1, 6, 4, 2 }, shape);

        using var target = tensor(labels).reshape(2, 1, 6, 9, 10);
        using var downsampled = DeepSupervision.DownsampleTarget(target, scale);
        Assert.Equal(new long[] { 2, 1, 6, 4, 2 }, downsampled.shape);
        Assert.Equal(picked, downsampled.data<float>().ToArray());
    }

    [Fact]
    public void LossIsTheWeightedSumAndSkipsTheZeroWeight()
    {
        torch.manual_seed(2);
        var baseLoss = new DiceCrossEntropyLoss(batchDice: true);
        var weights = DeepSupervision.LossWeights(3);
        var outputs = new[] { randn(2, 3, 8, 8), randn(2, 3, 4, 4), randn(2, 3, 2, 2) };
        using var full = randint(0, 3, [2, 1, 8, 8]).to_type(ScalarType.Float32);
        var targets = DeepSupervision.DownsampleTargets(full, DeepSupervision.TargetScales([[2, 2], [2, 2], [2, 2]]));

        using var total = new DeepSupervisionLoss(baseLoss, weights).Compute(outputs, targets);
        double expected = 0;
        for (int i = 0; i < 2; i++)
        {
            using var part = baseLoss.Compute(outputs[i], targets[i]);
            expected += weights[i] * part.item<float>();
        }
        Assert.Equal(expected, total.item<float>(), 1e-6);

        // The lowest resolution has weight 0 and is not evaluated at all (a mismatched target there is never read).
        using var wrong = zeros(2, 1, 5, 5);
        using var again = new DeepSupervisionLoss(baseLoss, weights).Compute(outputs, [targets[0], targets[1], wrong]);
        Assert.Equal(total.item<float>(), again.item<float>());

        foreach (var t in outputs.Concat(targets)) t.Dispose();
    }
}
