using NnUNet.Core.Numerics;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Tests.Preprocessing;

public class ClassLocationSamplerTests
{
    /// <summary>All (z, y, x) of voxels equal to <paramref name="c"/>, in C order (np.argwhere).</summary>
    static List<int[]> ArgWhere(float[] labels, int[] shape, int c)
    {
        var found = new List<int[]>();
        for (int z = 0; z < shape[0]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[2]; x++)
                    if (labels[(z * shape[1] + y) * shape[2] + x] == c) found.Add([z, y, x]);
        return found;
    }

    static int[] Row(int[,] a, int r) => [a[r, 0], a[r, 1], a[r, 2]];

    [Fact]
    public void SmallCaseFollowsTheDefinition()
    {
        // 3x3x3: five voxels of class 1, three of class 2, none of class 3, -1 outside the mask, a 1.5 that is no class.
        int[] shape = [3, 3, 3];
        var labels = new float[27];
        foreach (int i in new[] { 26, 2, 13, 9, 20 }) labels[i] = 1;
        foreach (int i in new[] { 5, 24, 16 }) labels[i] = 2;
        labels[0] = -1;
        labels[1] = 1.5f;

        var result = ClassLocationSampler.Sample<float>(labels, shape, [1, 3, 2]);

        // One RandomState(1234) in list order; the absent class 3 draws nothing.
        var rng = new NumpyRandomState(ClassLocationSampler.Seed);
        int[] order1 = rng.Choice(5, 5), order2 = rng.Choice(3, 3);
        List<int[]> all1 = ArgWhere(labels, shape, 1), all2 = ArgWhere(labels, shape, 2);
        Assert.Equal(order1.Select(o => all1[o]), Enumerable.Range(0, 5).Select(r => Row(result[1], r)));
        Assert.Equal(order2.Select(o => all2[o]), Enumerable.Range(0, 3).Select(r => Row(result[2], r)));
        Assert.Equal(0, result[3].GetLength(0));
        Assert.Equal([1, 3, 2], result.Keys);
        Assert.Equal([0, 0, 2], Row(result[1], Array.IndexOf(order1, 0))); // flat 2 is the first class-1 voxel
    }

    [Fact]
    public void SampleCountFollowsTheRule()
    {
        Assert.Equal(0, ClassLocationSampler.SampleCount(0));
        Assert.Equal(7, ClassLocationSampler.SampleCount(7));
        Assert.Equal(10000, ClassLocationSampler.SampleCount(10000));
        Assert.Equal(10000, ClassLocationSampler.SampleCount(123456));
        Assert.Equal(10000, ClassLocationSampler.SampleCount(1_000_000));
        Assert.Equal(10001, ClassLocationSampler.SampleCount(1_000_001)); // ceil(10000.01)
        Assert.Equal(12346, ClassLocationSampler.SampleCount(1_234_567)); // ceil(12345.67)
    }

    [Fact]
    public void RandomVolumeGivesValidDistinctLocationsOfTheRightCount()
    {
        int[] shape = [30, 40, 50];
        var random = new Random(5);
        // Class 1 dense (above 10000 voxels), class 2 medium, class 4 sparse, -1 and 0 background, 3 not listed.
        float[] labels = Enumerable.Range(0, 60000).Select(_ => random.NextDouble() switch
        {
            < 0.3 => 1f, < 0.35 => 2f, < 0.351 => 4f, < 0.5 => -1f, < 0.6 => 3f, _ => 0f,
        }).ToArray();
        var result = ClassLocationSampler.Sample<float>(labels, shape, [1, 2, 4]);
        foreach (int c in new[] { 1, 2, 4 })
        {
            int count = labels.Count(v => v == c);
            int[,] locations = result[c];
            Assert.Equal(ClassLocationSampler.SampleCount(count), locations.GetLength(0));
            var seen = new HashSet<int>();
            for (int r = 0; r < locations.GetLength(0); r++)
            {
                int[] p = Row(locations, r);
                Assert.InRange(p[0], 0, shape[0] - 1);
                Assert.InRange(p[1], 0, shape[1] - 1);
                Assert.InRange(p[2], 0, shape[2] - 1);
                int flat = (p[0] * shape[1] + p[1]) * shape[2] + p[2];
                Assert.Equal(c, labels[flat]);
                Assert.True(seen.Add(flat), $"class {c}: location {string.Join(",", p)} twice");
            }
        }
        Assert.Equal(10000, result[1].GetLength(0));
        Assert.True(result[2].GetLength(0) is > 2000 and < 10000);
    }

    [Fact]
    public void CoverageFloorAboveAMillionVoxels()
    {
        int[] shape = [10, 400, 400];
        var labels = new byte[1_600_000];
        labels.AsSpan(0, 1_234_567).Fill(1);
        labels[^1] = 2;
        var result = ClassLocationSampler.Sample<byte>(labels, shape, [1, 2]);
        Assert.Equal(12346, result[1].GetLength(0));
        var seen = new HashSet<int>();
        for (int r = 0; r < result[1].GetLength(0); r++)
        {
            int flat = (result[1][r, 0] * 400 + result[1][r, 1]) * 400 + result[1][r, 2];
            Assert.True(flat < 1_234_567 && seen.Add(flat));
        }
        Assert.Equal([9, 399, 399], Row(result[2], 0));
    }

    [Fact]
    public void DeterministicAndIndependentOfTheLabelType()
    {
        int[] shape = [8, 17, 23];
        var random = new Random(11);
        int[] ints = Enumerable.Range(0, 8 * 17 * 23).Select(_ => random.Next(-1, 4)).ToArray();
        float[] floats = ints.Select(v => (float)v).ToArray();
        short[] shorts = ints.Select(v => (short)v).ToArray();
        var a = ClassLocationSampler.Sample<float>(floats, shape, [1, 2, 3]);
        var b = ClassLocationSampler.Sample<float>(floats, shape, [1, 2, 3]);
        var c = ClassLocationSampler.Sample<int>(ints, shape, [1, 2, 3]);
        var d = ClassLocationSampler.Sample<short>(shorts, shape, [1, 2, 3]);
        foreach (int k in new[] { 1, 2, 3 })
        {
            Assert.True(a[k].GetLength(0) > 0);
            Assert.Equal(a[k], b[k]);
            Assert.Equal(a[k], c[k]);
            Assert.Equal(a[k], d[k]);
        }
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var labels = new float[8];
        Assert.Throws<ArgumentException>(() => ClassLocationSampler.Sample<float>(labels, [2, 2, 3], [1]));
        Assert.Throws<ArgumentException>(() => ClassLocationSampler.Sample<float>(labels, [2, 4], [1]));
        Assert.Throws<ArgumentException>(() => ClassLocationSampler.Sample<float>(labels, [2, 2, 2], [1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassLocationSampler.Sample<byte>(new byte[8], [2, 2, 2], [-1]));
        Assert.Empty(ClassLocationSampler.Sample<float>(labels, [2, 2, 2], []));
    }
}
