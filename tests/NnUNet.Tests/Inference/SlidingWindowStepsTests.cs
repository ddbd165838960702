using System.Text.Json;
using NnUNet.Core.Inference;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Inference;

/// <summary>Every step vector of inference-vectors.json "steps".</summary>
public class SlidingWindowStepsTests
{
    static readonly JsonElement[] Cases = Load();

    static JsonElement[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.ReferenceFile("inference-vectors.json")));
        return doc.RootElement.GetProperty("steps").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Cases.Length; i++) data.Add(i);
        return data;
    }

    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    [Theory, MemberData(nameof(CaseIndices))]
    public void MatchesReference(int index)
    {
        JsonElement c = Cases[index];
        int[][] steps = SlidingWindowSteps.Compute(Ints(c.GetProperty("patch_size")), Ints(c.GetProperty("image_size")),
            c.GetProperty("step_size").GetDouble());
        JsonElement[] expected = c.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, steps.Length);
        for (int d = 0; d < steps.Length; d++) Assert.Equal(Ints(expected[d]), steps[d]);
        Assert.Equal(c.GetProperty("num_tiles").GetInt32(), steps.Aggregate(1, (n, s) => n * s.Length));
    }

    [Fact]
    public void ReferenceCoversHalfToEvenRounding() =>
        Assert.Contains(Cases, c => c.GetProperty("covers").GetString()!.Contains("half-to-even"));

    [Fact]
    public void DefaultStepIsHalfAPatch()
    {
        JsonElement c = Cases.First(c => c.GetProperty("step_size").GetDouble() == 0.5);
        Assert.Equal(0.5, SlidingWindowSteps.DefaultStepSize);
        Assert.Equal(Ints(c.GetProperty("steps")[0]), SlidingWindowSteps.Compute(Ints(c.GetProperty("patch_size")), Ints(c.GetProperty("image_size")))[0]);
    }

    [Fact]
    public void RejectsUnpaddedImagesAndBadStepSizes()
    {
        Assert.Throws<ArgumentException>(() => SlidingWindowSteps.Compute([64, 64], [63, 100]));
        Assert.Throws<ArgumentException>(() => SlidingWindowSteps.Compute([64, 64], [64]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindowSteps.Compute([64], [100], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindowSteps.Compute([64], [100], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindowSteps.Compute([64], [100], double.NaN));
    }
}
