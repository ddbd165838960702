using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Tests.Training;

public class InitialPatchSizeTests
{
    [Fact]
    public void CubeRotatedBy30DegreesGrowsByCosPlusSinOverTheDefaultMinimumScale()
    {
        // Rotating (100, 100, 100) by 30 deg about any axis gives 100 (cos 30 + sin 30) = 136.6 on one of the other
        // axes; every axis gets it from one rotation. 136.6 / 0.85 = 160.7 -> 160.
        Assert.Equal(new[] { 160, 160, 160 }, InitialPatchSize.Compute([100, 100, 100], AugmentationParameters.For3D()));
    }

    [Fact]
    public void TwoDimensionalRotationIsCappedAt90Degrees()
    {
        // +-180 deg is capped at 90: (256, 256) rotated by 90 deg is (256, -256); 256 / 0.85 = 301.2 -> 301.
        var parameters = AugmentationParameters.For2D([256, 256]);
        Assert.Equal(new[] { 301, 301 }, InitialPatchSize.Compute([256, 256], parameters));
    }

    [Fact]
    public void ElongatedTwoDimensionalPatchUses15Degrees()
    {
        // max/min = 2.5 > 1.5 -> +-15 deg. (128, 320) rotated by 15 deg: y = 128 cos 15 + 320 sin 15 = 206.4,
        // |x| = |-128 sin 15 + 320 cos 15| = 276.0 < 320. Divided by 0.85: (242.9, 376.5) -> (242, 376).
        var parameters = AugmentationParameters.For2D([128, 320]);
        Assert.Equal(15 * Math.PI / 180, parameters.RotationAxis0, 12);
        Assert.Equal(new[] { 242, 376 }, InitialPatchSize.Compute([128, 320], parameters));
    }

    [Fact]
    public void DummyTwoDimensionalKeepsAxisZero()
    {
        var parameters = AugmentationParameters.ForDummy2D();
        Assert.Equal(new[] { 20, 301, 301 }, InitialPatchSize.Compute([20, 256, 256], parameters));
        Assert.True(parameters.InPlane);
    }

    [Fact]
    public void NoDataAugmentationDoesNotEnlarge()
    {
        var parameters = AugmentationParameters.For3D().WithoutAugmentation();
        Assert.Equal(new[] { 64, 160, 128 }, InitialPatchSize.Compute([64, 160, 128], parameters));
    }

    [Fact]
    public void ConfigurationChoosesTheParameterSet()
    {
        Assert.Equal(2, AugmentationParameters.ForConfiguration([256, 256], false).SpatialDimensions);
        Assert.True(AugmentationParameters.ForConfiguration([16, 256, 256], true).DummyTwoD);
        var threeD = AugmentationParameters.ForConfiguration([128, 128, 128], false);
        Assert.Equal(new[] { 0, 1, 2 }, threeD.MirrorAxes);
        Assert.Empty(threeD.WithoutMirroring().MirrorAxes);
        Assert.Equal(Math.PI / 6, threeD.RotationAxis2, 12);
    }
}
