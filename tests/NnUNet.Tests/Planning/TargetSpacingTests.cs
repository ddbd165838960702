using NnUNet.Core.Planning;

namespace NnUNet.Tests.Planning;

public sealed class TargetSpacingTests
{
    static DatasetFingerprint Fingerprint(IEnumerable<(double[] spacing, int[] shape)> cases) => new()
    {
        Cases = cases.Select((c, i) => new CaseFingerprint
        {
            CaseIdentifier = $"c{i}", Spacing = c.spacing, ShapeAfterCropping = c.shape, SizeReduction = 1,
        }).ToArray(),
        Modalities = ["MRI"],
        AllClasses = [1],
    };

    [Fact]
    public void AnisotropicDatasetTakesTheTenthPercentileOfTheCoarseAxis()
    {
        // z: eight cases at 5 mm, two at 2 mm; in-plane 0.5 mm. Median z 5 > 3 * 0.5 and 20 * 3 < 256 voxels:
        // sorted z = [2, 2, 5, ...], v = 9 * 0.1 = 0.9 between x[0] = 2 and x[1] = 2 -> 2.
        var fp = Fingerprint(Enumerable.Range(0, 10).Select(i =>
            (new[] { i < 2 ? 2.0 : 5.0, 0.5, 0.5 }, new[] { 20, 256, 256 })));
        Assert.Equal([5.0, 0.5, 0.5], TargetSpacing.Median(fp));
        Assert.Equal([2.0, 0.5, 0.5], TargetSpacing.V21(fp, out bool changed));
        Assert.True(changed);
    }

    [Fact]
    public void TenthPercentileBelowTheInPlaneSpacingIsClampedJustAboveIt()
    {
        // z: two cases at 0.3 mm, eight at 4 mm; in-plane 0.8. p10 = 0.3 < 0.8 -> 0.8 + 1e-5.
        var fp = Fingerprint(Enumerable.Range(0, 10).Select(i =>
            (new[] { i < 2 ? 0.3 : 4.0, 0.8, 0.8 }, new[] { 30, 320, 320 })));
        Assert.Equal([0.8 + 1e-5, 0.8, 0.8], TargetSpacing.V21(fp, out _));
    }

    [Fact]
    public void ManySlicesKeepTheMedianEvenWhenSpacingIsAnisotropic()
    {
        // 4 mm z is > 3x the 1 mm in-plane, but 200 slices * 3 >= 128: not anisotropic in voxels.
        var fp = Fingerprint(Enumerable.Range(0, 5).Select(i =>
            (new[] { i == 0 ? 1.0 : 4.0, 1.0, 1.0 }, new[] { 200, 128, 128 })));
        Assert.Equal([4.0, 1.0, 1.0], TargetSpacing.V21(fp, out bool changed));
        Assert.False(changed);
    }

    [Fact]
    public void TransposePutsTheCoarsestAxisFirst()
    {
        int[] forward = TargetSpacing.TransposeForward([0.8, 0.8, 4.0]);
        Assert.Equal([2, 0, 1], forward);
        Assert.Equal([1, 2, 0], TargetSpacing.TransposeBackward(forward));
        Assert.Equal([4.0, 0.8, 0.8], TargetSpacing.Transpose([0.8, 0.8, 4.0], forward));
        Assert.Equal([0, 1, 2], TargetSpacing.TransposeForward([1.0, 1.0, 1.0])); // ties: first axis
    }

    [Fact]
    public void MedianShapeIsTakenAfterResamplingEachCase()
    {
        // case shapes resampled to 1 mm: z 10*2 = 20, 30*1 = 30, 40*1 = 40 -> median 30
        var fp = Fingerprint([([2.0, 1, 1], [10, 50, 60]), ([1.0, 1, 1], [30, 70, 60]), ([1.0, 1, 1], [40, 60, 60])]);
        Assert.Equal([30.0, 60, 60], TargetSpacing.MedianResampledShape(fp, [1.0, 1, 1]));
    }
}
