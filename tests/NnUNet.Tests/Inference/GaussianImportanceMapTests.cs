using System.Text.Json;
using NnUNet.Core.Inference;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Inference;

/// <summary>Every map, profile, corner, extreme and sum of inference-vectors.json "gaussian".</summary>
public class GaussianImportanceMapTests
{
    static readonly JsonElement[] Cases = Load();

    static JsonElement[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.ReferenceFile("inference-vectors.json")));
        return doc.RootElement.GetProperty("gaussian").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Cases.Length; i++) data.Add(i);
        return data;
    }

    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    static IEnumerable<double> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e.GetDouble()];

    /// <summary>The float32 value widened to float64 must equal the reference's float64 exactly.</summary>
    static void AssertExact(double expected, float actual, string what) =>
        Assert.True(expected == actual, $"{what}: expected {expected:R}, got {(double)actual:R}");

    [Theory, MemberData(nameof(CaseIndices))]
    public void MatchesReference(int index)
    {
        JsonElement c = Cases[index];
        int[] patch = Ints(c.GetProperty("patch_size"));
        Assert.Equal(0.125, c.GetProperty("sigma_scale").GetDouble());
        Assert.Equal("float32", c.GetProperty("dtype").GetString());
        float[] map = GaussianImportanceMap.Create(patch);
        Assert.Equal(patch.Aggregate(1L, (a, b) => a * b), map.LongLength);

        AssertExact(c.GetProperty("min").GetDouble(), map.Min(), "min");
        AssertExact(c.GetProperty("max").GetDouble(), map.Max(), "max");
        AssertExact(c.GetProperty("corner_000").GetDouble(), map[0], "corner_000");
        AssertExact(c.GetProperty("corner_last").GetDouble(), map[^1], "corner_last");

        int[] center = Ints(c.GetProperty("center_index"));
        Assert.Equal(patch.Select(p => p / 2), center);
        int[] strides = new int[patch.Length];
        for (int d = patch.Length - 1, s = 1; d >= 0; s *= patch[d], d--) strides[d] = s;
        int centerFlat = center.Select((v, d) => v * strides[d]).Sum();
        Assert.Equal(1f, map[centerFlat]);

        JsonElement[] profiles = c.GetProperty("profiles_through_center").EnumerateArray().ToArray();
        Assert.Equal(patch.Length, profiles.Length);
        for (int d = 0; d < patch.Length; d++)
        {
            double[] expected = Flatten(profiles[d]).ToArray();
            Assert.Equal(patch[d], expected.Length);
            for (int i = 0; i < patch[d]; i++)
                AssertExact(expected[i], map[centerFlat + (i - center[d]) * strides[d]], $"profile {d} [{i}]");
        }

        if (c.TryGetProperty("map", out JsonElement full))
        {
            double[] expected = Flatten(full).ToArray();
            Assert.Equal(expected.Length, map.Length);
            for (int i = 0; i < map.Length; i++) AssertExact(expected[i], map[i], $"map [{i}]");
        }

        double sum = 0, compensation = 0; // Neumaier summation of the float32 values widened to float64
        foreach (float v in map)
        {
            double t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        double expectedSum = c.GetProperty("sum_float64").GetDouble();
        Assert.True(Math.Abs(sum + compensation - expectedSum) <= 1e-12 * expectedSum, $"sum {sum + compensation:R} vs {expectedSum:R}");
    }

    [Fact]
    public void ReferenceHasFullMapsAndRealisticPatches()
    {
        Assert.True(Cases.Count(c => c.TryGetProperty("map", out _)) >= 8);
        Assert.Contains(Cases, c => Ints(c.GetProperty("patch_size")).SequenceEqual([128, 128, 128]));
    }

    [Fact]
    public void ZerosBeyondTheKernelBecomeTheSmallestNonZeroValue()
    {
        // sigma = 9 * 0.05 = 0.45, radius int(4 * 0.45 + 0.5) = 2: indices 0, 1 and 7, 8 are outside the kernel.
        float[] map = GaussianImportanceMap.Create([9], sigmaScale: 0.05);
        float smallest = map[2];
        Assert.True(smallest > 0 && smallest < map[3] && map[3] < map[4]);
        Assert.Equal(1f, map[4]);
        Assert.Equal([smallest, smallest, smallest, smallest], new[] { map[0], map[1], map[7], map[8] });
        Assert.Equal(map[2], map[6]);
    }

    [Fact]
    public void MapIsSeparableUpToFloat32Rounding()
    {
        float[] map3 = GaussianImportanceMap.Create([5, 6, 7]);
        double[] a0 = GaussianImportanceMap.AxisProfile(5), a1 = GaussianImportanceMap.AxisProfile(6), a2 = GaussianImportanceMap.AxisProfile(7);
        double center = a0[2] * a1[3] * a2[3];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 6; j++)
                for (int k = 0; k < 7; k++)
                    Assert.Equal((float)(a0[i] * a1[j] * a2[k] / center), map3[(i * 6 + j) * 7 + k]);
    }
}
