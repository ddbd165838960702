using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Training.Augmentation;

/// <summary>
/// The cascade augmentations of the previous stage's one-hot channels (spec §7 "cascade" row) against their
/// definitions, and the previous-stage segmentation travelling through the pipeline with the target.
/// </summary>
public class CascadeAugmentationTests
{
    static readonly PatchShape Patch = new(10, 20, 20); // 4000 voxels: 15 % = 600

    /// <summary>One channel holding boxes of the given sizes (z, y, x extents), placed apart along x... and z.</summary>
    static float[] Boxes(params (int Z, int Y, int X)[] sizes)
    {
        var channel = new float[Patch.Voxels];
        int x0 = 0;
        foreach (var (sz, sy, sx) in sizes)
        {
            for (int z = 0; z < sz; z++)
                for (int y = 0; y < sy; y++)
                    for (int x = x0; x < x0 + sx; x++)
                        channel[(z * Patch.Y + y) * Patch.X + x] = 1;
            x0 += sx + 1;
        }
        return channel;
    }

    static long[] ComponentSizes(float[] channel) =>
        [.. ConnectedComponents.Find(channel, Patch.ToArray(), [1]).Sizes.Order()];

    [Fact]
    public void ComponentRemovalTakesOneComponentOfAtMostTheStatedFraction()
    {
        // 200 (5 %), 480 (12 %), 1000 (25 %) voxels of 4000.
        var original = Boxes((5, 8, 5), (6, 10, 8), (10, 20, 5));
        var step = new CascadeAugmentation(new CascadeAugmentationParameters(), Patch, channels: 1);
        var removed = new HashSet<long>();
        for (ulong seed = 0; seed < 40; seed++)
        {
            var channel = (float[])original.Clone();
            step.RemoveComponents(channel, new TrainingRandom(seed));
            var left = ComponentSizes(channel);
            Assert.Equal(2, left.Length);
            Assert.Contains(1000L, left);                                  // 25 % > 15 %: never removed
            long gone = original.Sum(v => (long)v) - channel.Sum(v => (long)v);
            Assert.True(gone <= 0.15 * Patch.Voxels, $"{gone} voxels removed");
            removed.Add(gone);
        }
        Assert.Equal([200L, 480L], removed.Order());                       // either small one, at random

        var onlyLarge = Boxes((10, 20, 5));
        var kept = (float[])onlyLarge.Clone();
        step.RemoveComponents(kept, new TrainingRandom(1));
        Assert.Equal(onlyLarge, kept);
    }

    [Fact]
    public void V1NeverRemovesAComponentWhileTheSpecifiedRemovalFiresAtItsRate()
    {
        var original = Boxes((5, 8, 5), (6, 10, 8));
        var v1 = new CascadeAugmentation(CascadeAugmentationParameters.V1 with { BinaryOperatorProbability = 0 }, Patch, 1);
        var specified = new CascadeAugmentation(new CascadeAugmentationParameters { BinaryOperatorProbability = 0 }, Patch, 1);
        int fired = 0;
        const int samples = 400;
        for (ulong seed = 0; seed < samples; seed++)
        {
            var channel = (float[])original.Clone();
            v1.Apply(channel, new TrainingRandom(seed));
            Assert.Equal(original, channel);
            specified.Apply(channel, new TrainingRandom(seed));
            if (!channel.SequenceEqual(original)) fired++;
        }
        Assert.InRange(fired, 0.2 * samples - 35, 0.2 * samples + 35); // p 0.2, binomial sd 8
    }

    [Fact]
    public void BinaryOperatorsUseEveryOperatorAndKeepTheOneHotExclusive()
    {
        // Label 1: a ball of radius 3 in the middle; label 2: a slab beside it.
        int[] shape = Patch.ToArray();
        var oneHot = new float[2 * Patch.Voxels];
        for (int z = 0, i = 0; z < Patch.Z; z++)
            for (int y = 0; y < Patch.Y; y++)
                for (int x = 0; x < Patch.X; x++, i++)
                {
                    if ((z - 5) * (z - 5) + (y - 10) * (y - 10) + (x - 7) * (x - 7) <= 9) oneHot[i] = 1;
                    else if (x >= 12 && x < 16) oneHot[Patch.Voxels + i] = 1;
                }
        var step = new CascadeAugmentation(new CascadeAugmentationParameters(), Patch, channels: 2);
        var morphology = new BallMorphology(shape);
        bool grew = false, shrank = false;
        for (ulong seed = 0; seed < 60; seed++)
        {
            var result = (float[])oneHot.Clone();
            step.ApplyBinaryOperators(result, new TrainingRandom(seed));
            for (int i = 0; i < Patch.Voxels; i++) Assert.True(result[i] + result[Patch.Voxels + i] <= 1, "a voxel holds two labels");
            var before = oneHot.AsSpan(0, Patch.Voxels).ToArray().Select(v => v != 0).ToArray();
            var after = result.AsSpan(0, Patch.Voxels).ToArray().Select(v => v != 0).ToArray();
            grew |= after.Zip(before).Any(p => p.First && !p.Second);
            shrank |= after.Zip(before).Any(p => !p.First && p.Second);
            // Every change lies within the largest ball (radius 8) of the original label: dilation never reaches farther.
            var reach = (bool[])before.Clone();
            morphology.Dilate(reach, 8);
            Assert.True(after.Zip(reach).All(p => !p.First || p.Second));
        }
        Assert.True(grew && shrank, "dilation/closing and erosion/opening both occur");
    }

    [Fact]
    public void BinaryOperatorsFireWithTheirSampleProbabilityHalfGrowingHalfShrinking()
    {
        // A label every operator changes at every radius in [1, 8]: the half x < 14 of the patch but one hole voxel
        // (dilation and closing fill it, erosion widens it) and an isolated voxel (erosion and opening remove it).
        var label = new float[Patch.Voxels];
        for (int i = 0; i < label.Length; i++) label[i] = i % Patch.X < 14 ? 1 : 0;
        label[(5 * Patch.Y + 10) * Patch.X + 5] = 0;
        label[(5 * Patch.Y + 10) * Patch.X + 18] = 1;
        var step = new CascadeAugmentation(new CascadeAugmentationParameters { ComponentRemovalProbability = 0 }, Patch, channels: 1);
        int grew = 0, shrank = 0;
        const int samples = 400;
        for (ulong seed = 0; seed < samples; seed++)
        {
            var result = (float[])label.Clone();
            step.Apply(result, new TrainingRandom(seed));
            bool added = result.Zip(label).Any(p => p.First > p.Second), removed = result.Zip(label).Any(p => p.First < p.Second);
            Assert.False(added && removed, "an operator both added and removed voxels");
            grew += added ? 1 : 0;
            shrank += removed ? 1 : 0;
        }
        // p 0.4 per sample (binomial sd 10); dilation/closing and erosion/opening are each half of the operators (sd 8).
        Assert.InRange(grew + shrank, 0.4 * samples - 35, 0.4 * samples + 35);
        Assert.InRange(grew, 0.2 * samples - 30, 0.2 * samples + 30);
        Assert.InRange(shrank, 0.2 * samples - 30, 0.2 * samples + 30);
    }

    [Fact]
    public void PreviousStageLabelsTravelWithTheTargetThroughTheSpatialTransformAndTheMirroring()
    {
        // The previous stage predicted the reference exactly: its one-hot channel must equal the augmented target's
        // label everywhere (cascade augmentations off), whatever rotation, scaling or mirroring a sample got.
        using var dir = new TempDirectory();
        int[] shape = [12, 20, 18];
        var cases = new[]
        {
            SyntheticCases.Write(dir, "a", 1, shape, [2, 4, 3], [9, 14, 12]),
            SyntheticCases.Write(dir, "b", 1, shape, [5, 2, 6], [11, 9, 16]),
        };
        string previousFolder = dir.Combine("previous");
        var previous = cases.Select(c =>
        {
            var labels = c.ReadSegmentation().Select(v => Math.Max(v, 0)).ToArray();
            PreviousStageSegmentation.Write(previousFolder, c.CaseIdentifier, labels, shape, "test");
            return PreviousStageSegmentation.Open(previousFolder, c.CaseIdentifier);
        }).ToArray();
        try
        {
            int[] patch = [8, 16, 16];
            var parameters = AugmentationParameters.For3D();
            var sampler = new PatchSampler(cases, patch, InitialPatchSize.Compute(patch, parameters), batchSize: 2);
            var input = new PreviousStageInput(previous, NumClasses: 2, new CascadeAugmentationParameters { BinaryOperatorProbability = 0, ComponentRemovalProbability = 0 });
            var pipeline = new AugmentationPipeline(parameters, sampler, [[1, 1, 1]], input);
            Assert.Equal(2, pipeline.Channels);
            var batch = pipeline.CreateBatch();
            int voxels = PatchShape.From(patch).Voxels, foreground = 0;
            for (ulong seed = 0; seed < 40; seed++)
            {
                pipeline.Fill(batch, new TrainingRandom(seed));
                for (int j = 0; j < 2; j++)
                {
                    var oneHot = batch.SampleData(j).Slice(voxels, voxels);
                    var target = batch.SampleTarget(0, j);
                    for (int i = 0; i < voxels; i++) Assert.Equal(target[i] == 1 ? 1f : 0f, oneHot[i]);
                    foreground += target.ToArray().Count(v => v == 1);
                }
            }
            Assert.True(foreground > 0);
        }
        finally
        {
            foreach (var p in previous) p.Dispose();
            foreach (var c in cases) c.Dispose();
        }
    }
}
