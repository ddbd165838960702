using NnUNet.Core.Conversion;
using NnUNet.Core.Imaging;

namespace NnUNet.Tests.Conversion;

/// <summary>
/// The anisotropic ball of spec §2 and erosion, on cases small enough to work out by hand from the definition
/// (big ball of radius 2 max(n) on the integer grid, linear resize with centres aligned, threshold &gt; 0.5).
/// </summary>
public class MorphologyTests
{
    [Fact]
    public void IsotropicUnitBallIsTheSixNeighbourCross()
    {
        // r = 1, n = 3, R = 6 (13^3 grid). Output 0 samples input 1.667: offsets -5 and -4 from the centre.
        // Face neighbour: both grid points in the ball -> 1. Edge neighbour: only (-4,-4) is (32 <= 36),
        // weight 2/3 * 2/3 = 0.44 -> 0. Corner: (-4,-4,-4) = 48 > 36 -> 0.
        StructuringElement ball = StructuringElement.AnisotropicBall([1.0, 1.0, 1.0], 1);

        Assert.Equal([3, 3, 3], ball.Shape);
        var expected = new bool[27];
        foreach (int i in new[] { 4, 10, 12, 13, 14, 16, 22 }) expected[i] = true;
        Assert.Equal(expected, ball.Mask);
    }

    [Fact]
    public void AnisotropicDiskMatchesTheHandComputedElement()
    {
        // Spacing (1, 0.5), radius 1: r = (1, 2), n = (3, 5), R = 10 (21 x 21 grid).
        // Rows sample offsets -7, 0, 7 exactly; columns -8.4, -4.2, 0, 4.2, 8.4.
        // Row -7: column -8.4 sits between (-7,-9) 130 and (-7,-8) 113, both > 100 -> 0; -4.2 between 74 and 65 -> 1.
        // Row 0: column -8.4 between (0,-9) 81 and (0,-8) 64, both <= 100 -> 1.
        StructuringElement disk = StructuringElement.AnisotropicBall([1.0, 0.5], 1);

        Assert.Equal([1, 3, 5], disk.Shape);
        Assert.Equal(
            new[] { false, true, true, true, false, true, true, true, true, true, false, true, true, true, false },
            disk.Mask);
    }

    [Fact]
    public void Task076BallRoundsHalfToEvenAndSpansEachAxis()
    {
        // radius 0.5 at spacing (0.2, 0.125, 0.125): 0.5 / 0.2 = 2.5 rounds to 2 (numpy), 0.5 / 0.125 = 4.
        StructuringElement ball = StructuringElement.AnisotropicBall([0.2, 0.125, 0.125], 0.5);

        Assert.Equal([5, 9, 9], ball.Shape);
        Assert.True(ball[0, 4, 4] && ball[4, 4, 4] && ball[2, 0, 4] && ball[2, 8, 4] && ball[2, 4, 0] && ball[2, 4, 8]);
        Assert.False(ball[0, 0, 0] || ball[4, 8, 8] || ball[0, 4, 0]);
        for (int z = 0; z < 5; z++)
        for (int y = 0; y < 9; y++)
        for (int x = 0; x < 9; x++)
            Assert.Equal(ball[z, y, x], ball[4 - z, 8 - y, 8 - x]);
    }

    [Fact]
    public void Task089DiskHasThirteenPixelsAcross()
    {
        // thickness 0.7 at 0.125: 5.6 rounds to 6, n = 13.
        StructuringElement disk = StructuringElement.AnisotropicBall([0.125, 0.125], 0.7);

        Assert.Equal([1, 13, 13], disk.Shape);
        Assert.True(disk[0, 6, 0] && disk[0, 0, 6] && disk[0, 6, 6]);
        Assert.False(disk[0, 0, 0]);
    }

    [Fact]
    public void ErosionShrinksASquareAndTreatsTheImageEdgeAsBackground()
    {
        StructuringElement cross = StructuringElement.AnisotropicBall([1.0, 1.0], 1);
        int[] shape = [1, 7, 7];
        bool[] square = Grid(shape, (y, x) => y is >= 1 and <= 5 && x is >= 1 and <= 5);
        bool[] corner = Grid(shape, (y, x) => y <= 2 && x <= 2);

        Assert.Equal(Grid(shape, (y, x) => y is >= 2 and <= 4 && x is >= 2 and <= 4), BinaryMorphology.Erode(square, shape, cross));
        Assert.Equal(Grid(shape, (y, x) => y == 1 && x == 1), BinaryMorphology.Erode(corner, shape, cross));
    }

    [Fact]
    public void TouchingInstancesEachGetTheirOwnBorder()
    {
        // Two instances side by side fill a 5 x 8 image: 1 in columns 0-3, 2 in columns 4-7.
        StructuringElement cross = StructuringElement.AnisotropicBall([1.0, 1.0], 1);
        int[] shape = [1, 5, 8];
        float[] instances = new float[40];
        for (int i = 0; i < 40; i++) instances[i] = i % 8 < 4 ? 1 : 2;

        float[] labels = InstanceBorders.Compute(instances, shape, cross);

        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 8; x++)
        {
            bool interior = y is >= 1 and <= 3 && x is 1 or 2 or 5 or 6;
            Assert.Equal(interior ? InstanceBorders.Cell : InstanceBorders.Border, labels[y * 8 + x]);
        }
    }

    static bool[] Grid(int[] shape, Func<int, int, bool> inside)
    {
        var mask = new bool[shape[1] * shape[2]];
        for (int y = 0; y < shape[1]; y++)
        for (int x = 0; x < shape[2]; x++)
            mask[y * shape[2] + x] = inside(y, x);
        return mask;
    }
}
