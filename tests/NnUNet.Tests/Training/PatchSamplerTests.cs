using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Training;

public sealed class PatchSamplerTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly List<PreprocessedCase> _cases = [];

    public void Dispose()
    {
        foreach (var c in _cases) c.Dispose();
        _dir.Dispose();
    }

    PreprocessedCase Case(string id, int[] shape, int[] lower, int[] upper, int label = 1)
    {
        var c = SyntheticCases.Write(_dir, id, 1, shape, lower, upper, label);
        _cases.Add(c);
        return c;
    }

    [Theory]
    [InlineData(2, new[] { false, true })]                  // spec §7 example: B = 2 -> the 2nd sample
    [InlineData(12, new[] { false, false, false, false, false, false, false, false, true, true, true, true })] // B = 12 -> last 4
    [InlineData(1, new[] { false })]                        // round(0.67) = 1: nothing forced
    [InlineData(3, new[] { false, false, true })]           // round(2.01) = 2
    public void ForcedSamplesAreTheLastThirdWithPythonRounding(int batchSize, bool[] expected)
    {
        var forced = Enumerable.Range(0, batchSize).Select(j => PatchSampler.IsForcedForeground(j, batchSize, 0.33)).ToArray();
        Assert.Equal(expected, forced);
    }

    [Fact]
    public void PythonRoundHalfToEvenDecidesTies()
    {
        // B * (1 - 0.5) = 2.5 rounds to 2 (half to even), so samples 2 and 3 of 5 are forced; 3.5 rounds to 4.
        Assert.Equal(new[] { false, false, true, true, true }, Enumerable.Range(0, 5).Select(j => PatchSampler.IsForcedForeground(j, 5, 0.5)));
        Assert.Equal(new[] { false, false, false, false, true, true, true }, Enumerable.Range(0, 7).Select(j => PatchSampler.IsForcedForeground(j, 7, 0.5)));
    }

    [Fact]
    public void ForcedPatchesContainTheClassAndTheOversamplingRateIsOneThird()
    {
        // A tiny object in a corner: a random 8x8x8 box rarely sees it, a forced one always does.
        var c = Case("a", [40, 40, 40], [34, 2, 35], [36, 4, 37], label: 2);
        var sampler = new PatchSampler([c], [8, 8, 8], [12, 12, 12], batchSize: 12);
        var random = new TrainingRandom(7);
        int batches = 40, forced = 0, randomWithClass = 0, randomSamples = 0;
        var seg = new float[12 * 12 * 12];
        var data = new float[seg.Length];
        for (int b = 0; b < batches; b++)
            for (int j = 0; j < 12; j++)
            {
                var location = sampler.Sample(j, random);
                Assert.Equal(j >= 8, location.ForcedForeground);
                sampler.Read(location, default, sampler.InitialPatchSize, data, seg);
                // The final patch is the centre of the enlarged one: the class must be there for forced samples.
                bool classInCentre = CentreContains(seg, 12, 8, 2);
                if (location.ForcedForeground)
                {
                    forced++;
                    Assert.Equal(2, location.SelectedClass);
                    Assert.True(classInCentre, $"forced patch at ({location.Z}, {location.Y}, {location.X}) misses the class");
                }
                else
                {
                    randomSamples++;
                    if (classInCentre) randomWithClass++;
                }
            }
        Assert.Equal(batches * 4, forced);
        Assert.True(randomWithClass < randomSamples / 4, $"{randomWithClass} of {randomSamples} random patches hold the class");
    }

    static bool CentreContains(float[] seg, int size, int patch, float label)
    {
        int o = (size - patch) / 2;
        for (int z = o; z < o + patch; z++)
            for (int y = o; y < o + patch; y++)
                for (int x = o; x < o + patch; x++)
                    if (seg[(z * size + y) * size + x] == label) return true;
        return false;
    }

    [Fact]
    public void BoundsFollowTheSpecAndRandomBoxesStayWithinThem()
    {
        var c = Case("b", [20, 30, 40], [0, 0, 0], [0, 0, 0]);
        // need_to_pad = initial - patch = (4, 5, 8); lb = -ceil(pad/2) = (-2, -3, -4);
        // ub = shape + ceil(pad/2) - initial = (20 + 2 - 12, 30 + 3 - 21, 40 + 4 - 24) = (10, 12, 20).
        var sampler = new PatchSampler([c], [8, 16, 16], [12, 21, 24], batchSize: 2);
        var (lower, upper) = sampler.Bounds(0);
        Assert.Equal(new PatchShape(-2, -3, -4), lower);
        Assert.Equal(new PatchShape(10, 12, 20), upper);

        var random = new TrainingRandom(3);
        var min = new[] { int.MaxValue, int.MaxValue, int.MaxValue };
        var max = new[] { int.MinValue, int.MinValue, int.MinValue };
        for (int i = 0; i < 4000; i++)
        {
            var location = sampler.Sample(0, random); // sample 0 of 2 is never forced
            Assert.False(location.ForcedForeground);
            for (int d = 0; d < 3; d++)
            {
                min[d] = Math.Min(min[d], location[d]);
                max[d] = Math.Max(max[d], location[d]);
            }
        }
        Assert.Equal(lower.ToArray(), min); // the whole range is reached, nothing beyond
        Assert.Equal(upper.ToArray(), max);
    }

    [Fact]
    public void SmallImagesGetEnoughPaddingForTheEnlargedPatch()
    {
        var c = Case("small", [5, 30, 30], [0, 0, 0], [0, 0, 0]);
        // z: pad 4 + shape 5 < initial 12, so pad = 12 - 5 = 7: lb = -4, ub = 5 + 4 - 12 = -3.
        var sampler = new PatchSampler([c], [8, 16, 16], [12, 21, 24], batchSize: 2);
        var (lower, upper) = sampler.Bounds(0);
        Assert.Equal(-4, lower.Z);
        Assert.Equal(-3, upper.Z);
    }

    [Fact]
    public void ForcedCornerIsCentredOnTheVoxelAndNeverBelowTheLowerBound()
    {
        // Foreground only in the far corner (z, y, x) = (19, 29, 39): corner = max(lb, voxel - initial // 2).
        var c = Case("corner", [20, 30, 40], [19, 29, 39], [20, 30, 40]);
        var sampler = new PatchSampler([c], [8, 16, 16], [12, 21, 24], batchSize: 2);
        var location = sampler.Sample(1, new TrainingRandom(1));
        Assert.True(location.ForcedForeground);
        Assert.Equal((19 - 6, 29 - 10, 39 - 12), (location.Z, location.Y, location.X));

        var near = Case("near", [20, 30, 40], [0, 0, 0], [1, 1, 2]);
        var nearSampler = new PatchSampler([near], [8, 16, 16], [12, 21, 24], batchSize: 2);
        var nearLocation = nearSampler.Sample(1, new TrainingRandom(1));
        Assert.Equal((-2, -3, -4), (nearLocation.Z, nearLocation.Y, nearLocation.X)); // clipped to lb
    }

    [Fact]
    public void ForcedSampleOfACaseWithoutForegroundFallsBackToARandomBox()
    {
        var c = Case("empty", [20, 30, 40], [0, 0, 0], [0, 0, 0]);
        var sampler = new PatchSampler([c], [8, 16, 16], [12, 21, 24], batchSize: 2);
        var location = sampler.Sample(1, new TrainingRandom(5));
        Assert.True(location.ForcedForeground);
        Assert.Equal(0, location.SelectedClass);
    }

    [Fact]
    public void ReadingPartOfTheEnlargedPatchEqualsCroppingTheWholeRead()
    {
        var c = Case("part", [10, 12, 14], [2, 2, 2], [5, 5, 5]);
        var sampler = new PatchSampler([c], [6, 6, 6], [10, 10, 10], batchSize: 1);
        var location = new PatchLocation(0, -3, 5, 7, false, 0); // reaches past the volume on every side
        var whole = new float[1000];
        var wholeSeg = new float[1000];
        sampler.Read(location, default, new PatchShape(10, 10, 10), whole, wholeSeg);
        var part = new float[4 * 5 * 6];
        var partSeg = new float[part.Length];
        sampler.Read(location, new PatchShape(1, 2, 3), new PatchShape(4, 5, 6), part, partSeg);
        for (int z = 0, i = 0; z < 4; z++)
            for (int y = 0; y < 5; y++)
                for (int x = 0; x < 6; x++, i++)
                {
                    int w = ((z + 1) * 10 + y + 2) * 10 + x + 3;
                    Assert.Equal(whole[w], part[i]);
                    Assert.Equal(wholeSeg[w], partSeg[i]);
                }
        // Outside the volume: data 0, segmentation -1; inside: the stored voxel.
        Assert.Equal(0f, whole[0]);
        Assert.Equal(-1f, wholeSeg[0]);
        Assert.Equal(SyntheticCases.Value(0, 0, 5, 7), whole[(3 * 10 + 0) * 10 + 0]);
    }

    [Fact]
    public void TwoDimensionalSamplingPicksASliceHoldingTheForcedClass()
    {
        var c = Case("2d", [9, 40, 40], [6, 30, 31], [7, 33, 34], label: 3); // only slice 6 has the class
        var sampler = new PatchSampler([c], [16, 16], [22, 22], batchSize: 2);
        Assert.True(sampler.IsTwoD);
        Assert.Equal(new PatchShape(1, 22, 22), sampler.InitialPatchSize);
        var random = new TrainingRandom(11);
        var slices = new HashSet<int>();
        var data = new float[22 * 22];
        var seg = new float[22 * 22];
        for (int i = 0; i < 200; i++)
        {
            var forced = sampler.Sample(1, random);
            Assert.Equal(6, forced.Z);
            sampler.Read(forced, default, sampler.InitialPatchSize, data, seg);
            Assert.Contains(3f, seg);
            Assert.Equal(SyntheticCases.Value(0, 6, forced.Y + 11, forced.X + 11), data[11 * 22 + 11]);
            slices.Add(sampler.Sample(0, random).Z);
        }
        Assert.Equal(Enumerable.Range(0, 9).ToHashSet(), slices); // random samples use every slice
    }
}
