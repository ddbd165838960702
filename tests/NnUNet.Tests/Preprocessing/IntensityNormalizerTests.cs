using NnUNet.Abstractions;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Tests.Preprocessing;

/// <summary>Each v1 normalisation scheme against its formula (spec §5).</summary>
public class IntensityNormalizerTests
{
    const int Voxels = 200;

    static (float[] Channel, float[] Segmentation) Sample(int seed)
    {
        var random = new Random(seed);
        var channel = Enumerable.Range(0, Voxels).Select(_ => (float)(random.NextDouble() * 1500 - 500)).ToArray();
        var seg = Enumerable.Range(0, Voxels).Select(i => i % 5 == 0 ? -1f : i % 3).ToArray();
        return (channel, seg);
    }

    static readonly IntensityProperties Ct = new()
    {
        Mean = 40.5f, Sd = 120.25f, Median = 35, Min = -900, Max = 1400, Percentile00_5 = -300.7, Percentile99_5 = 800.3,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CtClipsToThePercentilesThenUsesTheDatasetMeanAndSd(bool useMask)
    {
        var (channel, seg) = Sample(1);
        var data = (float[])channel.Clone();
        IntensityNormalizer.Normalize(data, seg, [NormalizationChoice.CT], [useMask], [Ct]);
        for (int i = 0; i < Voxels; i++)
        {
            float clipped = Math.Clamp(channel[i], (float)Ct.Percentile00_5, (float)Ct.Percentile99_5);
            float expected = useMask && seg[i] < 0 ? 0f : (clipped - (float)Ct.Mean) / (float)Ct.Sd;
            Assert.Equal(expected, data[i]);
        }
        Assert.Contains(channel, v => v < Ct.Percentile00_5);
        Assert.Contains(channel, v => v > Ct.Percentile99_5);
    }

    [Fact]
    public void ZScoreWithoutMaskUsesTheWholeChannel()
    {
        var (channel, seg) = Sample(2);
        var data = (float[])channel.Clone();
        IntensityNormalizer.Normalize(data, seg, [NormalizationChoice.NonCT], [false], null);
        double mean = channel.Average(v => (double)v);
        double std = Math.Sqrt(channel.Average(v => (v - mean) * (v - mean)));
        for (int i = 0; i < Voxels; i++) Assert.Equal((channel[i] - mean) / (std + 1e-8), data[i], 1e-5);
        Assert.Equal(0, data.Average(v => (double)v), 1e-5);
    }

    [Fact]
    public void ZScoreWithMaskUsesTheVoxelsInsideAndZeroesTheRest()
    {
        var (channel, seg) = Sample(3);
        var data = (float[])channel.Clone();
        IntensityNormalizer.Normalize(data, seg, [NormalizationChoice.NonCT], [true], null);
        var inside = channel.Where((_, i) => seg[i] >= 0).Select(v => (double)v).ToArray();
        double mean = inside.Average();
        double std = Math.Sqrt(inside.Average(v => (v - mean) * (v - mean)));
        for (int i = 0; i < Voxels; i++)
            if (seg[i] < 0) Assert.Equal(0f, data[i]);
            else Assert.Equal((channel[i] - mean) / (std + 1e-8), data[i], 1e-5);
    }

    [Fact]
    public void NoNormLeavesTheChannelAndOtherChannelsAreIndependent()
    {
        var (a, seg) = Sample(4);
        var (b, _) = Sample(5);
        var data = a.Concat(b).ToArray();
        IntensityNormalizer.Normalize(data, seg, [NormalizationChoice.NoNorm, "MR"], [true, false], null);
        Assert.Equal(a, data[..Voxels]);
        Assert.NotEqual(b, data[Voxels..]);
    }

    [Fact]
    public void EmptyMaskGivesZerosAndCtWithoutStatisticsIsAnError()
    {
        var (channel, _) = Sample(6);
        var outside = Enumerable.Repeat(-1f, Voxels).ToArray();
        var data = (float[])channel.Clone();
        IntensityNormalizer.Normalize(data, outside, [NormalizationChoice.NonCT], [true], null);
        Assert.All(data, v => Assert.Equal(0f, v));
        Assert.Throws<InvalidInputException>(() => IntensityNormalizer.Normalize(data, outside, [NormalizationChoice.CT], [false], null));
    }
}
