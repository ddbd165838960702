using NnUNet.Core.Preprocessing;

namespace NnUNet.Tests.Preprocessing;

public class BinaryHoleFillingTests
{
    /// <summary>The definition, voxel by voxel: background stays only if a 6-connected background path reaches the border.</summary>
    static byte[] Reference(byte[] mask, int[] shape)
    {
        int nz = shape[0], ny = shape[1], nx = shape[2];
        var outside = new bool[mask.Length];
        var queue = new Queue<(int Z, int Y, int X)>();
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    bool border = z == 0 || y == 0 || x == 0 || z == nz - 1 || y == ny - 1 || x == nx - 1;
                    int i = (z * ny + y) * nx + x;
                    if (border && mask[i] == 0) { outside[i] = true; queue.Enqueue((z, y, x)); }
                }
        (int, int, int)[] steps = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)];
        while (queue.Count > 0)
        {
            var (z, y, x) = queue.Dequeue();
            foreach (var (dz, dy, dx) in steps)
            {
                int a = z + dz, b = y + dy, c = x + dx;
                if (a < 0 || b < 0 || c < 0 || a >= nz || b >= ny || c >= nx) continue;
                int j = (a * ny + b) * nx + c;
                if (mask[j] == 0 && !outside[j]) { outside[j] = true; queue.Enqueue((a, b, c)); }
            }
        }
        return outside.Select(o => o ? (byte)0 : (byte)1).ToArray();
    }

    static byte[] Filled(byte[] mask, int[] shape)
    {
        var copy = (byte[])mask.Clone();
        BinaryHoleFilling.Fill(copy, shape);
        return copy;
    }

    [Fact]
    public void EnclosedCavityIsFilledAndATunnelToTheBorderIsNot()
    {
        int[] shape = [5, 7, 7];
        var mask = new byte[5 * 7 * 7];
        int I(int z, int y, int x) => (z * 7 + y) * 7 + x;
        for (int z = 1; z < 4; z++) for (int y = 1; y < 6; y++) for (int x = 1; x < 6; x++) mask[I(z, y, x)] = 1;
        mask[I(2, 3, 3)] = 0;                          // enclosed: a hole
        mask[I(2, 2, 2)] = 0; mask[I(2, 1, 2)] = 0;   // a dent opening to the outside: stays
        var filled = Filled(mask, shape);
        Assert.Equal(1, filled[I(2, 3, 3)]);
        Assert.Equal(0, filled[I(2, 2, 2)]);
        Assert.Equal(0, filled[I(2, 1, 2)]);
        Assert.Equal(0, filled[I(0, 0, 0)]);
    }

    [Fact]
    public void DiagonalContactIsNotAConnection()
    {
        // A cavity touching the outside only across an edge (not a face) is a hole with 6-connectivity.
        int[] shape = [3, 4, 4];
        var mask = Enumerable.Repeat((byte)1, 3 * 4 * 4).ToArray();
        int I(int z, int y, int x) => (z * 4 + y) * 4 + x;
        mask[I(1, 1, 1)] = 0;
        mask[I(1, 0, 0)] = 0; // border voxel, diagonal neighbour of the cavity
        var filled = Filled(mask, shape);
        Assert.Equal(1, filled[I(1, 1, 1)]);
        Assert.Equal(0, filled[I(1, 0, 0)]);
    }

    [Fact]
    public void ASingleSliceHasNoHoles()
    {
        // Every voxel of a 1 x H x W volume touches the border along z (pseudo-3D 2D data).
        int[] shape = [1, 5, 5];
        var mask = Enumerable.Repeat((byte)1, 25).ToArray();
        mask[12] = 0;
        Assert.Equal(0, Filled(mask, shape)[12]);
    }

    [Theory]
    [InlineData(1, 0.45)]
    [InlineData(2, 0.6)]
    [InlineData(3, 0.75)]
    public void RandomMasksMatchTheDefinition(int seed, double density)
    {
        var random = new Random(seed);
        int[] shape = [9, 11, 13];
        var mask = new byte[9 * 11 * 13];
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        var expected = Reference(mask, shape);
        Assert.Equal(expected, Filled(mask, shape));
        Assert.True(expected.Zip(mask).Count(p => p.First != p.Second) > 0 || density < 0.5, "the test mask should have holes");
    }
}
