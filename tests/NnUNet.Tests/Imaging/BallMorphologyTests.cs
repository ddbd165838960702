using NnUNet.Core.Imaging;

namespace NnUNet.Tests.Imaging;

/// <summary>
/// The distance-transform morphology against the definitions: the ball is the offsets with |d|^2 &lt;= r^2, dilation
/// is the union of balls on the mask, erosion keeps the voxels whose ball holds no background voxel of the volume
/// (outside counts as mask, as skimage's erosion).
/// </summary>
public class BallMorphologyTests
{
    static readonly int[] Shape = [9, 11, 10];
    static readonly double[] Radii = [0, 1, 1.5, 2, 2.3, 3, 4.7, 8];

    static bool[] Ball(int[] shape, int[] centre, double radius)
    {
        var mask = new bool[shape[0] * shape[1] * shape[2]];
        for (int z = 0, i = 0; z < shape[0]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[2]; x++, i++)
                    mask[i] = Sq(z - centre[0]) + Sq(y - centre[1]) + Sq(x - centre[2]) <= radius * radius;
        return mask;
    }

    /// <summary>The ball as a structuring element (odd extent 2 floor(r) + 1), for the brute-force erosion.</summary>
    static StructuringElement Element(double radius)
    {
        int r = (int)Math.Floor(radius), n = 2 * r + 1;
        return new StructuringElement([n, n, n], Ball([n, n, n], [r, r, r], radius));
    }

    static bool[] BruteDilation(bool[] mask, int[] shape, double radius)
    {
        // Union of the balls on every mask voxel (the ball is symmetric).
        var result = new bool[mask.Length];
        var offsets = Element(radius).Offsets;
        int ny = shape[1], nx = shape[2];
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            int z = i / (ny * nx), y = i / nx % ny, x = i % nx;
            foreach (var (dz, dy, dx) in offsets)
            {
                int zz = z + dz, yy = y + dy, xx = x + dx;
                if (zz >= 0 && zz < shape[0] && yy >= 0 && yy < ny && xx >= 0 && xx < nx) result[(zz * ny + yy) * nx + xx] = true;
            }
        }
        return result;
    }

    static bool[] BruteErosion(bool[] mask, int[] shape, double radius)
    {
        // A voxel stays when every offset of the ball lands on the mask or outside the volume.
        var result = new bool[mask.Length];
        var offsets = Element(radius).Offsets;
        int ny = shape[1], nx = shape[2];
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            int z = i / (ny * nx), y = i / nx % ny, x = i % nx;
            result[i] = offsets.All(o =>
            {
                int zz = z + o.Dz, yy = y + o.Dy, xx = x + o.Dx;
                return zz < 0 || zz >= shape[0] || yy < 0 || yy >= ny || xx < 0 || xx >= nx || mask[(zz * ny + yy) * nx + xx];
            });
        }
        return result;
    }

    static bool[] RandomMask(int seed, double density)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Shape[0] * Shape[1] * Shape[2]).Select(_ => random.NextDouble() < density).ToArray();
    }

    static int Sq(int v) => v * v;

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(3.0)]
    [InlineData(4.2)]
    public void DilationOfASingleVoxelIsTheBall(double radius)
    {
        var mask = new bool[Shape[0] * Shape[1] * Shape[2]];
        int[] centre = [4, 5, 5];
        mask[(centre[0] * Shape[1] + centre[1]) * Shape[2] + centre[2]] = true;
        new BallMorphology(Shape).Dilate(mask, radius);
        Assert.Equal(Ball(Shape, centre, radius), mask);
    }

    [Fact]
    public void DilationAndErosionEqualTheBruteForceOperatorsOnRandomMasks()
    {
        var morphology = new BallMorphology(Shape);
        for (int seed = 0; seed < 6; seed++)
        {
            var mask = RandomMask(seed, seed % 2 == 0 ? 0.05 : 0.85);
            foreach (double radius in Radii)
            {
                var dilated = (bool[])mask.Clone();
                morphology.Dilate(dilated, radius);
                Assert.Equal(BruteDilation(mask, Shape, radius), dilated);

                var eroded = (bool[])mask.Clone();
                morphology.Erode(eroded, radius);
                Assert.Equal(BruteErosion(mask, Shape, radius), eroded);
            }
        }
    }

    [Fact]
    public void ErosionTreatsTheOutsideAsMaskSoClosingNeverRemovesAVoxel()
    {
        // A slab filling the volume but for its last 3 x planes erodes from its inner face only, not from the border.
        var morphology = new BallMorphology(Shape);
        var slab = new bool[Shape[0] * Shape[1] * Shape[2]];
        for (int i = 0; i < slab.Length; i++) slab[i] = i % Shape[2] < Shape[2] - 3;
        var eroded = (bool[])slab.Clone();
        morphology.Erode(eroded, 2);
        for (int i = 0; i < slab.Length; i++) Assert.Equal(i % Shape[2] < Shape[2] - 5, eroded[i]);

        // Closing is extensive: whatever touches the border, every mask voxel stays.
        for (int seed = 0; seed < 4; seed++)
        {
            var mask = RandomMask(seed, 0.3);
            foreach (double radius in Radii)
            {
                var closed = (bool[])mask.Clone();
                morphology.Apply(BinaryOperation.Closing, closed, radius);
                Assert.True(mask.Zip(closed).All(p => !p.First || p.Second), $"closing with r {radius} removed a voxel");
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(3.0)]
    [InlineData(4.2)]
    [InlineData(6.0)]
    public void OpeningOfABallWithItsOwnRadiusKeepsIt(double radius)
    {
        int[] shape = [15, 15, 15];
        var mask = Ball(shape, [7, 7, 7], radius);
        var opened = (bool[])mask.Clone();
        new BallMorphology(shape).Apply(BinaryOperation.Opening, opened, radius);
        Assert.Equal(mask, opened);
    }

    /// <summary>
    /// On the voxel grid a larger ball opened with radius r keeps the union of the r-balls centred within R - r of its
    /// centre (they fit inside it) and may lose rim voxels no r-ball reaches (radius 3 opened with 2 loses 36).
    /// </summary>
    [Theory]
    [InlineData(3.0, 2.0)]
    [InlineData(4.0, 1.5)]
    [InlineData(4.5, 2.2)]
    [InlineData(6.0, 3.0)]
    public void OpeningOfALargerBallKeepsTheBallsThatFitAndAddsNothing(double ball, double radius)
    {
        int[] shape = [17, 17, 17];
        var morphology = new BallMorphology(shape);
        var mask = Ball(shape, [8, 8, 8], ball);
        var opened = (bool[])mask.Clone();
        morphology.Apply(BinaryOperation.Opening, opened, radius);
        var fitting = Ball(shape, [8, 8, 8], ball - radius);
        morphology.Dilate(fitting, radius);
        for (int i = 0; i < mask.Length; i++)
        {
            Assert.True(!opened[i] || mask[i], "opening added a voxel");
            Assert.True(!fitting[i] || opened[i], "opening removed a voxel of a ball that fits");
        }
        var twice = (bool[])opened.Clone();
        morphology.Apply(BinaryOperation.Opening, twice, radius);
        Assert.Equal(opened, twice); // idempotent
    }

    [Fact]
    public void OpeningRemovesWhatTheBallDoesNotFitAndClosingFillsNarrowGaps()
    {
        int[] shape = [12, 12, 12];
        var morphology = new BallMorphology(shape);
        // Two cubes joined by a 1-voxel bridge: opening with r = 1.5 cuts the bridge, keeps the cubes' cores.
        var mask = new bool[12 * 12 * 12];
        void Set(int z, int y, int x) => mask[(z * 12 + y) * 12 + x] = true;
        for (int z = 3; z < 9; z++)
            for (int y = 3; y < 9; y++)
            {
                for (int x = 0; x < 4; x++) Set(z, y, x);
                for (int x = 8; x < 12; x++) Set(z, y, x);
            }
        for (int x = 4; x < 8; x++) Set(6, 6, x);
        var opened = (bool[])mask.Clone();
        morphology.Apply(BinaryOperation.Opening, opened, 1.5);
        Assert.All(Enumerable.Range(4, 4), x => Assert.False(opened[(6 * 12 + 6) * 12 + x]));
        Assert.True(opened[(6 * 12 + 6) * 12 + 2]);
        Assert.True(opened.Zip(mask).All(p => !p.First || p.Second)); // anti-extensive

        // A 1-voxel slit through a slab closes with r = 1.
        var slab = new bool[12 * 12 * 12];
        for (int z = 2; z < 10; z++)
            for (int y = 2; y < 10; y++)
                for (int x = 2; x < 10; x++)
                    slab[(z * 12 + y) * 12 + x] = x != 5;
        var closed = (bool[])slab.Clone();
        morphology.Apply(BinaryOperation.Closing, closed, 1);
        Assert.True(closed[(6 * 12 + 6) * 12 + 5]);
        Assert.True(slab.Zip(closed).All(p => !p.First || p.Second)); // extensive for this interior shape
    }

    [Fact]
    public void EmptyAndFullMasksStayWhatTheyAre()
    {
        var morphology = new BallMorphology(Shape);
        var empty = new bool[Shape[0] * Shape[1] * Shape[2]];
        foreach (var operation in Enum.GetValues<BinaryOperation>())
        {
            var mask = (bool[])empty.Clone();
            morphology.Apply(operation, mask, 3);
            Assert.DoesNotContain(true, mask);
        }
        var full = Enumerable.Repeat(true, empty.Length).ToArray();
        foreach (var operation in Enum.GetValues<BinaryOperation>())
        {
            var mask = (bool[])full.Clone();
            morphology.Apply(operation, mask, 3);
            Assert.DoesNotContain(false, mask);
        }
    }

    [Fact]
    public void SquaredDistancesAreExact()
    {
        int[] shape = [5, 7, 6];
        var mask = new bool[5 * 7 * 6];
        (int Z, int Y, int X)[] points = [(0, 0, 0), (4, 6, 5), (2, 3, 1)];
        foreach (var p in points) mask[(p.Z * 7 + p.Y) * 6 + p.X] = true;
        var distances = new SquaredDistanceTransform(shape).Compute(mask, member: true).ToArray();
        for (int z = 0, i = 0; z < 5; z++)
            for (int y = 0; y < 7; y++)
                for (int x = 0; x < 6; x++, i++)
                    Assert.Equal(points.Min(p => Sq(z - p.Z) + Sq(y - p.Y) + Sq(x - p.X)), distances[i]);
        Assert.All(new SquaredDistanceTransform(shape).Compute(new bool[mask.Length], member: true).ToArray(),
            d => Assert.Equal(SquaredDistanceTransform.Infinite, d));
    }
}
