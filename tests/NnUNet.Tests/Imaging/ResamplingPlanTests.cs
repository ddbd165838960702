using NnUNet.Core.Imaging;

namespace NnUNet.Tests.Imaging;

/// <summary>The new-shape rule and separate-z decision of v1 resample_patient (spec §5).</summary>
public class ResamplingPlanTests
{
    [Fact]
    public void NewShapeRoundsHalfToEvenAsNumpy()
    {
        // 5 * 0.5 = 2.5 -> 2, 7 * 0.5 = 3.5 -> 4, 9 * 0.5 = 4.5 -> 4 (numpy.round).
        var plan = ResamplingPlan.ForSpacing([5, 7, 9], [1, 1, 1], [2, 2, 2]);
        Assert.Equal([2, 4, 4], plan.NewShape);
    }

    [Fact]
    public void ForcingOverridesTheDecision()
    {
        double[] isotropic = [1, 1, 1], anisotropic = [5, 1, 1];
        Assert.Null(ResamplingPlan.DecideSeparateZAxis(anisotropic, isotropic, forceSeparateZ: false));
        Assert.Equal(1, ResamplingPlan.DecideSeparateZAxis([1, 4, 1], isotropic, forceSeparateZ: true));
        // Forced, but all axes tie: no separate z.
        Assert.Null(ResamplingPlan.DecideSeparateZAxis(isotropic, anisotropic, forceSeparateZ: true));
    }

    [Fact]
    public void OriginalSpacingDecidesBeforeTheTarget()
    {
        // Both anisotropic with different coarse axes: the original's axis wins.
        Assert.Equal(2, ResamplingPlan.DecideSeparateZAxis([1, 1, 4], [4, 1, 1]));
        Assert.Equal(1, ResamplingPlan.DecideSeparateZAxis([1, 1.2, 1], [1, 4, 1]));
    }

    [Fact]
    public void ThresholdIsExclusive()
    {
        Assert.False(ResamplingPlan.IsAnisotropic([3, 1, 1]));
        Assert.True(ResamplingPlan.IsAnisotropic([3.0001, 1, 1]));
        Assert.True(ResamplingPlan.IsAnisotropic([3, 1, 1], anisotropyThreshold: 2));
    }

    [Fact]
    public void ExportPlanKeepsTheGivenShape()
    {
        var plan = ResamplingPlan.ForShape([40, 512, 512], [5, 0.7, 0.7], [3, 0.8, 0.8]);
        Assert.Equal([40, 512, 512], plan.NewShape);
        Assert.Equal(0, plan.SeparateZAxis);
    }

    [Fact]
    public void BadSpacingsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ResamplingPlan.ForSpacing([4, 4, 4], [1, 0, 1], [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => ResamplingPlan.ForSpacing([4, 4, 4], [1, 1], [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => ResamplingPlan.ForSpacing([4, 4, 4], [1, 1, 1], [1, double.NaN, 1]));
        Assert.Throws<ArgumentException>(() => ResamplingPlan.ForSpacing([1, 4, 4], [1, 1, 1], [3, 1, 1]));
    }
}
