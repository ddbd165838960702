using NnUNet.Core.Imaging;

namespace NnUNet.Tests.Imaging;

/// <summary>Slabs of the result are bit-identical to the whole-array resampling, however the rows are split.</summary>
public class SlabResamplerTests
{
    static float[] Smooth(int channels, int[] shape, int seed)
    {
        var random = new Random(seed);
        int voxels = shape[0] * shape[1] * shape[2];
        var data = new float[channels * voxels];
        for (int c = 0; c < channels; c++)
        for (int z = 0; z < shape[0]; z++)
        for (int y = 0; y < shape[1]; y++)
        for (int x = 0; x < shape[2]; x++)
            data[c * voxels + (z * shape[1] + y) * shape[2] + x] =
                (float)(Math.Sin(0.7 * z + c) * Math.Cos(0.4 * y - 0.3 * x) + 0.1 * random.NextDouble());
        return data;
    }

    public static TheoryData<int[], int[], int?, int> Cases() => new()
    {
        { [7, 9, 11], [15, 5, 13], null, 1 },     // 3D linear: z upsampled, y shrunk
        { [7, 9, 11], [4, 12, 11], null, 3 },     // z shrunk (pass order differs), x unchanged
        { [5, 9, 8], [13, 11, 6], 0, 2 },         // separate z along axis 0 (order 0 along it)
        { [5, 9, 8], [13, 11, 6], 1, 4 },         // separate axis 1: axis 0 is part of the in-plane passes
        { [9, 6, 5], [4, 7, 12], 2, 1 },
        { [6, 8, 8], [6, 8, 8], null, 2 },        // nothing to do
        { [6, 8, 8], [11, 8, 8], 0, 5 },          // only the separate axis changes
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SlabsEqualTheWholeResult(int[] shape, int[] newShape, int? separateAxis, int rowsPerSlab)
    {
        const int channels = 3;
        var data = Smooth(channels, shape, 5);
        foreach (var scheme in new[] { ResamplingScheme.Probabilities, new ResamplingScheme(false, InterpolationOrder.Nearest, InterpolationOrder.Linear) })
        {
            var whole = Resampler.Resample(data, channels, shape, newShape, scheme, separateAxis);
            var slabs = new SlabResampler(data, channels, shape, newShape, scheme, separateAxis);
            var joined = Join(slabs, rowsPerSlab, channels, newShape);
            Assert.Equal(whole, joined);
        }
    }

    [Fact]
    public void CubicInPlaneWithSeparateZAlongAxis0IsAllowed()
    {
        int[] shape = [5, 9, 8], newShape = [10, 14, 6];
        var data = Smooth(2, shape, 6);
        var whole = Resampler.Resample(data, 2, shape, newShape, ResamplingScheme.Data, 0);
        Assert.Equal(whole, Join(new SlabResampler(data, 2, shape, newShape, ResamplingScheme.Data, 0), 3, 2, newShape));
    }

    [Fact]
    public void CubicAlongAxis0AndLabelsAreRefused()
    {
        int[] shape = [5, 9, 8], newShape = [10, 14, 6];
        var data = Smooth(1, shape, 7);
        Assert.Throws<ArgumentException>(() => new SlabResampler(data, 1, shape, newShape, ResamplingScheme.Data, null));
        Assert.Throws<ArgumentException>(() => new SlabResampler(data, 1, shape, newShape, ResamplingScheme.Segmentation, null));
    }

    /// <summary>Concatenates the slabs' rows per channel into the (c, z, y, x) whole.</summary>
    static float[] Join(SlabResampler slabs, int rowsPerSlab, int channels, int[] newShape)
    {
        int plane = newShape[1] * newShape[2], voxels = newShape[0] * plane;
        var joined = new float[channels * voxels];
        for (int first = 0; first < newShape[0]; first += rowsPerSlab)
        {
            int rows = Math.Min(rowsPerSlab, newShape[0] - first);
            var slab = slabs.ResampleRows(first, rows);
            Assert.Equal(channels * rows * plane, slab.Length);
            for (int c = 0; c < channels; c++)
                Array.Copy(slab, c * rows * plane, joined, c * voxels + first * plane, rows * plane);
        }
        return joined;
    }
}
