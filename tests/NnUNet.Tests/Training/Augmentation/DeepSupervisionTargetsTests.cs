using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Tests.Training.Augmentation;

public class DeepSupervisionTargetsTests
{
    [Fact]
    public void ScalesAreOneOverTheCumulativePoolingWithoutTheLast()
    {
        int[][] pools = [[1, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]];
        var scales = DeepSupervisionTargets.ScalesFromPoolKernels(pools);
        Assert.Equal(4, scales.Count);
        Assert.Equal(new[] { 1.0, 1, 1 }, scales[0]);
        Assert.Equal(new[] { 1.0, 0.5, 0.5 }, scales[1]);
        Assert.Equal(new[] { 0.5, 0.25, 0.25 }, scales[2]);
        Assert.Equal(new[] { 0.25, 0.125, 0.125 }, scales[3]);
        Assert.Equal(new PatchShape(16, 20, 20), DeepSupervisionTargets.TargetShape(new PatchShape(64, 160, 160), scales[3]));
        Assert.Equal(new PatchShape(1, 64, 32), DeepSupervisionTargets.TargetShape(new PatchShape(1, 128, 64), [0.5, 0.5]));
    }

    [Fact]
    public void HalvingPicksTheSecondVoxelOfEachPair()
    {
        // skimage resize order 0: source = floor((i + 0.5) * 2) = 2i + 1.
        var shape = new PatchShape(4, 4, 6);
        var seg = Enumerable.Range(0, shape.Voxels).Select(i => (float)i).ToArray();
        var target = new PatchShape(2, 2, 3);
        var result = new float[target.Voxels];
        DeepSupervisionTargets.Downsample(seg, shape, result, target);
        for (int z = 0, i = 0; z < 2; z++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 3; x++, i++)
                    Assert.Equal(((2 * z + 1) * 4 + 2 * y + 1) * 6 + 2 * x + 1, result[i]);
    }

    [Fact]
    public void ScaleOneAxesAreCopied()
    {
        var shape = new PatchShape(3, 4, 4);
        var seg = Enumerable.Range(0, shape.Voxels).Select(i => (float)(i % 7)).ToArray();
        var target = DeepSupervisionTargets.TargetShape(shape, [1, 0.5, 0.5]);
        var result = new float[target.Voxels];
        DeepSupervisionTargets.Downsample(seg, shape, result, target);
        Assert.Equal(new PatchShape(3, 2, 2), target);
        Assert.Equal(seg[(2 * 4 + 3) * 4 + 1], result[(2 * 2 + 1) * 2 + 0]);
    }
}
