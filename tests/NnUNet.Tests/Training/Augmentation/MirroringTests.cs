using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Tests.Training.Augmentation;

public class MirroringTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void MirroringTwiceIsIdentity(int axis)
    {
        var shape = new PatchShape(3, 4, 5);
        var values = Enumerable.Range(0, shape.Voxels).Select(i => (float)i).ToArray();
        var copy = (float[])values.Clone();
        Mirroring.Flip(values, shape, axis);
        Assert.NotEqual(copy, values);
        Mirroring.Flip(values, shape, axis);
        Assert.Equal(copy, values);
    }

    [Fact]
    public void FlipReversesTheAxis()
    {
        var shape = new PatchShape(3, 4, 5);
        var values = Enumerable.Range(0, shape.Voxels).Select(i => (float)i).ToArray();
        int Index(int z, int y, int x) => (z * 4 + y) * 5 + x;
        var z = (float[])values.Clone();
        Mirroring.Flip(z, shape, 0);
        var y = (float[])values.Clone();
        Mirroring.Flip(y, shape, 1);
        var x = (float[])values.Clone();
        Mirroring.Flip(x, shape, 2);
        Assert.Equal(Index(2, 1, 3), z[Index(0, 1, 3)]);
        Assert.Equal(Index(1, 3, 3), y[Index(1, 0, 3)]);
        Assert.Equal(Index(1, 1, 4), x[Index(1, 1, 0)]);
    }

    [Fact]
    public void DataAndSegmentationAreFlippedTogether()
    {
        var shape = new PatchShape(2, 3, 4);
        var data = Enumerable.Range(0, 2 * shape.Voxels).Select(i => (float)(i % shape.Voxels)).ToArray();
        var seg = Enumerable.Range(0, shape.Voxels).Select(i => (float)i).ToArray();
        var random = new TrainingRandom(2);
        var seen = new HashSet<string>();
        for (int trial = 0; trial < 64; trial++)
        {
            Mirroring.Apply(data, 2, seg, shape, [0, 1, 2], random);
            Assert.Equal(seg, data[..shape.Voxels]);
            Assert.Equal(seg, data[shape.Voxels..]);
            seen.Add(string.Join(",", seg.Take(1)));
        }
        Assert.Equal(8, seen.Count); // all 8 corner voxels come first at some point: every axis combination happens
    }
}
