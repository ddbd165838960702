using System.Globalization;
using NnUNet.Core.Numerics;
using NnUNet.Core.Planning;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Planning;

/// <summary>numpy's statistics on float32 arrays (v1 computes the CT intensity properties and z-scores on float32).</summary>
public sealed class NumpyFloat32StatisticsTests
{
    [Fact]
    public void SumAddsThePairwiseSumsOf8192ValueBuffersInOrder()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 2 * NumpySum.ReductionBufferSize + 5).Select(_ => (float)(random.NextDouble() * 1000)).ToArray();
        int n = NumpySum.ReductionBufferSize;
        float expected = 0f;
        expected += NumpySum.PairwiseFloat32(values.AsSpan(0, n));
        expected += NumpySum.PairwiseFloat32(values.AsSpan(n, n));
        expected += NumpySum.PairwiseFloat32(values.AsSpan(2 * n));
        Assert.Equal(expected, NumpySum.Float32(values));
        // Below 8 values the pairwise kernel is a plain float32 loop: 2^24 + 1 + 1 loses both ones.
        Assert.Equal(16777216f, NumpySum.PairwiseFloat32([16777216f, 1f, 1f]));
        // 16 values, 8 accumulators: lane 0 holds 2^24 and loses the one added to it, lanes 1..7 hold 2 each:
        // ((2^24 + 2) + (2 + 2)) + ((2 + 2) + (2 + 2)) = 2^24 + 14.
        var sixteen = Enumerable.Repeat(1f, 16).ToArray();
        sixteen[0] = 16777216f;
        Assert.Equal(16777216f + 14f, NumpySum.PairwiseFloat32(sixteen));
    }

    [Fact]
    public void MedianOfTwoIsTheirFloat32MeanAndPercentileSubtractsInFloat32()
    {
        // 16777217 is stored as 16777216f; 16777216f + 3f = 16777219 rounds to 16777220 in float32, halved 8388610.
        float[] sorted = [3f, 16777217f];
        Assert.Equal(8388610f, NumpyStatistics.MedianOfSorted(sorted));
        // b - a = 10000001 - 0.001 is not a float32: numpy rounds the difference to float32 before interpolating.
        float a = 0.001f, b = 10000001f;
        double expected = a + (double)(b - a) * 0.3;
        Assert.Equal(expected, NumpyStatistics.PercentileOfSorted([a, b], 30));
        Assert.NotEqual(a + ((double)b - a) * 0.3, NumpyStatistics.PercentileOfSorted([a, b], 30));
    }

    [Fact]
    public void MeanAndStdFollowTheFloat32Steps()
    {
        float[] values = [1f, 2f, 3f, 4f];
        Assert.Equal(2.5f, NumpyStatistics.MeanFloat32(values));
        Assert.Equal(MathF.Sqrt(1.25f), NumpyStatistics.StdFloat32(values));
        var random = new Random(3);
        var many = Enumerable.Range(0, 30001).Select(_ => (float)(random.NextDouble() * 400 - 100)).ToArray();
        double mean = many.Average(v => (double)v);
        double std = Math.Sqrt(many.Average(v => ((double)v - mean) * ((double)v - mean)));
        Assert.Equal(mean, NumpyStatistics.MeanFloat32(many), 1e-3);
        Assert.Equal(std, NumpyStatistics.StdFloat32(many), 1e-3);
    }

    [SkippableFact]
    public void AgreeBitForBitWithNumpy()
    {
        string? missing = PythonRunner.Missing("numpy");
        Skip.If(missing != null, missing);
        using var dir = new TempDirectory();
        var random = new Random(11);
        var arrays = new[] { 1, 7, 100, 8193, 50_001 }.Select(n =>
            Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 3000 - 1000) * (random.Next(3) + 1)).ToArray()).ToList();
        var paths = arrays.Select((values, i) =>
        {
            string path = dir.Combine($"v{i}.f32");
            File.WriteAllBytes(path, values.SelectMany(BitConverter.GetBytes).ToArray());
            return path;
        }).ToArray();
        // v1 pools the samples as a Python list of numpy float32 scalars, which numpy turns into a float32 array.
        string output = PythonRunner.Run("""
            import sys, numpy as np
            for path in sys.argv[1:]:
                v = list(np.fromfile(path, dtype=np.float32))
                print(" ".join(repr(float(x)) for x in (np.mean(v), np.std(v), np.median(v), np.min(v), np.max(v),
                                                         np.percentile(v, 99.5), np.percentile(v, 0.5))))
            """, paths);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(arrays.Count, lines.Length);
        for (int i = 0; i < arrays.Count; i++)
        {
            double[] numpy = lines[i].Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var ours = IntensityProperties.FromSamples(arrays[i])!;
            double[] computed = [ours.Mean, ours.Sd, ours.Median, ours.Min, ours.Max, ours.Percentile99_5, ours.Percentile00_5];
            Assert.Equal(numpy, computed);
        }
    }
}
