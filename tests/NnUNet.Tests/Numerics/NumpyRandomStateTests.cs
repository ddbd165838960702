using System.Text.Json;
using NnUNet.Core.Numerics;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Numerics;

/// <summary>Every raw generator vector of splits-vectors.json "rng"; each section starts from a fresh RandomState(seed).</summary>
public class NumpyRandomStateTests
{
    static readonly JsonElement[] Vectors = LoadVectors();

    static JsonElement[] LoadVectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.ReferenceFile("splits-vectors.json")));
        return doc.RootElement.GetProperty("rng").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Vectors.Length; i++) data.Add(i);
        return data;
    }

    static long Seed(int i) => Vectors[i].GetProperty("seed").GetInt64();
    static long[] Longs(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();
    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    [Fact]
    public void ReferenceCoversSeveralSeeds() => Assert.True(Vectors.Length >= 8);

    [Theory, MemberData(nameof(Seeds))]
    public void StateAfterSeedingMatches(int i)
    {
        var expected = Vectors[i].GetProperty("state_after_seeding");
        var rng = new NumpyRandomState(Seed(i));
        Assert.Equal(Longs(expected.GetProperty("key_first4")), rng.Key[..4].ToArray().Select(k => (long)k));
        Assert.Equal(expected.GetProperty("key_last").GetInt64(), (long)rng.Key[^1]);
        Assert.Equal(624, rng.Key.Length);
        Assert.Equal(expected.GetProperty("pos").GetInt32(), rng.Position);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void RawWordsMatch(int i)
    {
        var rng = new NumpyRandomState(Seed(i));
        long[] expected = Longs(Vectors[i].GetProperty("raw_uint32_first8"));
        Assert.Equal(expected, expected.Select(_ => (long)rng.NextUInt32()));
    }

    [Theory, MemberData(nameof(Seeds))]
    public void RawWordsMatchThroughRandomIntegerOverFullRange(int i)
    {
        var rng = new NumpyRandomState(Seed(i));
        long[] expected = Longs(Vectors[i].GetProperty("raw_uint32_first8"));
        Assert.Equal(expected, expected.Select(_ => rng.RandomInteger(0, 1L << 32)));
    }

    [Theory, MemberData(nameof(Seeds))]
    public void RandomSampleMatchesBitForBit(int i)
    {
        var rng = new NumpyRandomState(Seed(i));
        double[] expected = Vectors[i].GetProperty("rand_5").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        foreach (double e in expected)
        {
            double actual = rng.RandomSample();
            Assert.Equal(BitConverter.DoubleToInt64Bits(e), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void UniformScalesRandomSample(int i)
    {
        var rng = new NumpyRandomState(Seed(i));
        foreach (JsonElement e in Vectors[i].GetProperty("rand_5").EnumerateArray())
            Assert.Equal(-3.0 + 5.0 * e.GetDouble(), rng.Uniform(-3.0, 2.0));
    }

    [Theory, MemberData(nameof(Seeds))]
    public void RandomIntegerMatches(int i)
    {
        foreach (var (name, low, high) in new[] { ("randint_0_10_size10", 0L, 10L), ("randint_0_1000_size5", 0L, 1000L), ("randint_m5_5_size6", -5L, 5L) })
        {
            var rng = new NumpyRandomState(Seed(i));
            long[] expected = Longs(Vectors[i].GetProperty(name));
            Assert.Equal(expected, expected.Select(_ => rng.RandomInteger(low, high)));
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void PermutationMatches(int i)
    {
        foreach (JsonProperty p in Vectors[i].GetProperty("permutation").EnumerateObject())
        {
            var rng = new NumpyRandomState(Seed(i));
            Assert.Equal(Ints(p.Value), rng.Permutation(int.Parse(p.Name)));
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void ShuffleOfArangeMatchesPermutation(int i)
    {
        foreach (JsonProperty p in Vectors[i].GetProperty("permutation").EnumerateObject())
        {
            var rng = new NumpyRandomState(Seed(i));
            long[] values = Enumerable.Range(0, int.Parse(p.Name)).Select(v => (long)v).ToArray();
            rng.Shuffle(values.AsSpan());
            Assert.Equal(Longs(p.Value), values);
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void ChoiceWithoutReplacementMatches(int i)
    {
        Assert.Equal(Ints(Vectors[i].GetProperty("choice_10_8_noreplace")), new NumpyRandomState(Seed(i)).Choice(10, 8));
        Assert.Equal(Ints(Vectors[i].GetProperty("choice_101_80_noreplace")), new NumpyRandomState(Seed(i)).Choice(101, 80));
    }

    [Fact]
    public void ChoiceConsumesAFullPermutation()
    {
        var a = new NumpyRandomState(7);
        var b = new NumpyRandomState(7);
        a.Choice(50, 3);
        b.Permutation(50);
        Assert.Equal(b.NextUInt32(), a.NextUInt32());
    }

    /// <summary>
    /// The legacy polar method, applied by hand to the reference random_sample values: each accepted pair
    /// (x1, x2) = 2u - 1 gives f*x2, then the cached f*x1 (f = sqrt(-2 ln r2 / r2)). Followed until the first
    /// rejected pair (after it the five reference samples no longer line up with pairs).
    /// </summary>
    [Fact]
    public void StandardNormalFollowsThePolarMethodOnTheReferenceSamples()
    {
        int checkedPairs = 0;
        for (int i = 0; i < Vectors.Length; i++)
        {
            double[] u = Vectors[i].GetProperty("rand_5").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var rng = new NumpyRandomState(Seed(i));
            for (int p = 0; p + 1 < u.Length; p += 2)
            {
                double x1 = 2 * u[p] - 1, x2 = 2 * u[p + 1] - 1, r2 = x1 * x1 + x2 * x2;
                if (r2 >= 1 || r2 == 0) break;
                double f = Math.Sqrt(-2 * Math.Log(r2) / r2);
                Assert.Equal(f * x2, rng.StandardNormal());
                Assert.Equal(f * x1, rng.StandardNormal());
                checkedPairs++;
            }
        }
        Assert.True(checkedPairs >= Vectors.Length, $"only {checkedPairs} accepted pairs in the reference samples");
    }

    [Fact]
    public void StandardNormalUsesTwoSamplesPerAcceptedPairAndHasUnitMoments()
    {
        var rng = new NumpyRandomState(2024);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double v = rng.StandardNormal();
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.Equal(5.0 + 2.0 * new NumpyRandomState(3).StandardNormal(), new NumpyRandomState(3).Normal(5.0, 2.0));
    }

    [Fact]
    public void RejectsWhatNumpyRejectsOrWeDoNotSupport()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumpyRandomState(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumpyRandomState(1L << 32));
        var rng = new NumpyRandomState(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.RandomInteger(3, 3));
        Assert.Throws<NotSupportedException>(() => rng.RandomInteger(0, (1L << 32) + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Choice(3, 4));
    }
}
