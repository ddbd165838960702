using NnUNet.Core.Planning;

namespace NnUNet.Tests.Planning;

public sealed class NetworkTopologyTests
{
    [Fact]
    public void IsotropicPatchPoolsEveryAxisUntilFourVoxels()
    {
        // 128 -> 64 -> 32 -> 16 -> 8 -> 4: five poolings (an axis needs >= 8 voxels to be pooled),
        // every stage has all axes at equal spacing -> 3x3x3 kernels; 128 is a multiple of 2^5, kept.
        var t = NetworkTopology.Compute([1.0, 1.0, 1.0], [128, 128, 128]);
        Assert.Equal([5, 5, 5], t.NumPoolPerAxis);
        Assert.Equal(5, t.PoolOpKernelSizes.Count);
        Assert.All(t.PoolOpKernelSizes, k => Assert.Equal([2, 2, 2], k));
        Assert.Equal(6, t.ConvKernelSizes.Count);
        Assert.All(t.ConvKernelSizes, k => Assert.Equal([3, 3, 3], k));
        Assert.Equal([32, 32, 32], t.ShapeMustBeDivisibleBy);
        Assert.Equal([128, 128, 128], t.PatchSize);
    }

    [Fact]
    public void PatchIsPaddedToTheDivisibilityFactor()
    {
        // 100 -> 50 -> 25 -> 13 (ceil) -> 7: four poolings (7 < 8 stops), factor 16, 100 padded up to 112.
        var t = NetworkTopology.Compute([1.0, 1.0, 1.0], [100, 100, 100]);
        Assert.Equal([4, 4, 4], t.NumPoolPerAxis);
        Assert.Equal([16, 16, 16], t.ShapeMustBeDivisibleBy);
        Assert.Equal([112, 112, 112], t.PatchSize);
    }

    [Fact]
    public void AnisotropicAxisJoinsOnceItsSpacingIsWithinFactorTwo()
    {
        // spacing (3, 1, 1), patch (40, 160, 160):
        // 1: 3/1 >= 2 -> axis 0 not pooled; kernel group {1, 2} -> conv [1,3,3], pool [1,2,2]; spacing (3,2,2), size (40,80,80)
        // 2: 3/2 < 2 -> all pooled, conv [3,3,3]; spacing (6,4,4), size (20,40,40)
        // 3: all pooled; spacing (12,8,8), size (10,20,20)
        // 4: all pooled; spacing (24,16,16), size (5,10,10)
        // 5: axis 0 has 5 < 8 voxels -> pool [1,2,2], conv [3,3,3] (24/16 < 2); size (5,5,5)
        // 6: nothing has 8 voxels -> stop; bottleneck conv [3,3,3]
        var t = NetworkTopology.Compute([3.0, 1.0, 1.0], [40, 160, 160]);
        Assert.Equal([3, 5, 5], t.NumPoolPerAxis);
        Assert.Equal(new[] { new[] { 1, 2, 2 }, [2, 2, 2], [2, 2, 2], [2, 2, 2], [1, 2, 2] }, t.PoolOpKernelSizes);
        Assert.Equal(new[] { new[] { 1, 3, 3 }, [3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3] }, t.ConvKernelSizes);
        Assert.Equal([8, 32, 32], t.ShapeMustBeDivisibleBy);
        Assert.Equal([40, 160, 160], t.PatchSize);
    }

    [Fact]
    public void TwoDimensionalTopologyWorksOnTwoAxes()
    {
        // 512 -> ... -> 8 -> 4: seven poolings, factor 128
        var t = NetworkTopology.Compute([0.8, 0.8], [512, 512]);
        Assert.Equal([7, 7], t.NumPoolPerAxis);
        Assert.Equal(8, t.ConvKernelSizes.Count);
        Assert.Equal([128, 128], t.ShapeMustBeDivisibleBy);
    }

    [Fact]
    public void TooSmallPatchHasNoPooling()
    {
        var t = NetworkTopology.Compute([1.0, 1.0, 1.0], [1, 5, 7]);
        Assert.Equal([0, 0, 0], t.NumPoolPerAxis);
        Assert.Empty(t.PoolOpKernelSizes);
        Assert.Equal(new[] { new[] { 3, 3, 3 } }, t.ConvKernelSizes);
        Assert.Equal([1, 5, 7], t.PatchSize);
    }
}
