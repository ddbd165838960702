using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Tests.Preprocessing;

public class NonzeroCropperTests
{
    static readonly int[] Shape = [4, 6, 7];

    static int I(int z, int y, int x) => (z * 6 + y) * 7 + x;

    static RawCase Case(float[] data, int channels, float[]? seg) => new()
    {
        Id = "c",
        Data = data,
        Channels = channels,
        Shape = Shape,
        Geometry = new ImageGeometry([2, 1, 0.5], [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]),
        Segmentation = seg,
        ImageFiles = ["/raw/c_0000.nii.gz", "/raw/c_0001.nii.gz"],
        LabelFile = seg is null ? null : "/raw/c.nii.gz",
    };

    [Fact]
    public void BoxIsTheUnionOverChannelsEndExclusive()
    {
        int v = 4 * 6 * 7;
        var data = new float[2 * v];
        data[I(1, 2, 3)] = 5;            // channel 0
        data[v + I(2, 4, 1)] = -3;        // channel 1 only
        data[v + I(2, 3, 2)] = float.NaN; // NaN is non-zero, as in numpy
        var cropped = NonzeroCropper.Crop(Case(data, 2, null));

        Assert.Equal([[1, 3], [2, 5], [1, 4]], cropped.CropBox);
        Assert.Equal([2, 3, 3], cropped.Shape);
        Assert.Equal(Shape, cropped.OriginalShape);
        Assert.Equal(18.0 / v, cropped.SizeReduction);
        // Voxel (z, y, x) of the crop is (z + 1, y + 2, x + 1) of the raw volume, per channel.
        for (int c = 0; c < 2; c++)
            for (int z = 0; z < 2; z++) for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++)
                Assert.Equal(data[c * v + I(z + 1, y + 2, x + 1)], cropped.Data[c * 18 + (z * 3 + y) * 3 + x]);
    }

    [Fact]
    public void BackgroundOutsideTheFilledMaskBecomesMinusOne()
    {
        int v = 4 * 6 * 7;
        var data = new float[v];
        // A 3x3x3 shell of non-zero voxels with a zero centre: the centre is a hole, filled.
        for (int z = 0; z < 3; z++) for (int y = 1; y < 4; y++) for (int x = 2; x < 5; x++) data[I(z + 1, y, x)] = 1;
        data[I(2, 2, 3)] = 0;
        data[I(1, 1, 2)] = 0; // a corner of the shell: outside the mask, inside the box
        var seg = new float[v];
        seg[I(2, 2, 3)] = 0;  // the filled hole: background inside the mask stays 0
        seg[I(1, 1, 3)] = 1;
        seg[I(1, 1, 2)] = 2;  // a label outside the mask is kept
        var cropped = NonzeroCropper.Crop(Case(data, 1, seg));

        Assert.Equal([[1, 4], [1, 4], [2, 5]], cropped.CropBox);
        float At(int z, int y, int x) => cropped.Segmentation[((z - 1) * 3 + (y - 1)) * 3 + (x - 2)];
        Assert.Equal(0, At(2, 2, 3));
        Assert.Equal(1, At(1, 1, 3));
        Assert.Equal(2, At(1, 1, 2));
        Assert.Equal(0, At(3, 3, 4));
        Assert.True(cropped.HasLabel);
        Assert.Equal([0, 1, 2], cropped.Classes);

        data[I(1, 1, 2)] = 0;
        seg[I(1, 1, 2)] = 0;
        var again = NonzeroCropper.Crop(Case(data, 1, seg));
        Assert.Equal(-1, again.Segmentation[0]);
        Assert.Equal([-1, 0, 1], again.Classes);
    }

    [Fact]
    public void WithoutLabelsTheMaskBecomesTheSegmentation()
    {
        int v = 4 * 6 * 7;
        var data = new float[v];
        data[I(0, 0, 0)] = 1;
        data[I(1, 1, 1)] = 1;
        var cropped = NonzeroCropper.Crop(Case(data, 1, null));
        Assert.False(cropped.HasLabel);
        Assert.Equal([0, -1, -1, -1, -1, -1, -1, 0], cropped.Segmentation);
        Assert.Equal([-1, 0], cropped.Classes);
    }

    [Fact]
    public void AllZeroCaseAndNonIntegerLabelsAreClearErrors()
    {
        int v = 4 * 6 * 7;
        var empty = Assert.Throws<InvalidInputException>(() => NonzeroCropper.Crop(Case(new float[v], 1, null)));
        Assert.StartsWith("/raw/c_0000.nii.gz: ", empty.Message);

        var data = new float[v];
        data[5] = 1;
        var seg = new float[v];
        seg[5] = 0.5f;
        var fractional = Assert.Throws<InvalidInputException>(() => NonzeroCropper.Crop(Case(data, 1, seg)));
        Assert.StartsWith("/raw/c.nii.gz: ", fractional.Message);
    }
}
