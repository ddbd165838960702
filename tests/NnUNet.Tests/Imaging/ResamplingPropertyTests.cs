using NnUNet.Core.Imaging;

namespace NnUNet.Tests.Imaging;

/// <summary>Properties of resampling that hold by definition, on generated data.</summary>
public class ResamplingPropertyTests
{
    static readonly ResamplingScheme[] Schemes =
    [
        ResamplingScheme.Data, ResamplingScheme.Probabilities, ResamplingScheme.Segmentation,
        new(false, InterpolationOrder.Nearest, InterpolationOrder.Nearest),
        new(false, InterpolationOrder.Cubic, InterpolationOrder.Linear),
        new(true, InterpolationOrder.Nearest, InterpolationOrder.Nearest),
        new(true, InterpolationOrder.Linear, InterpolationOrder.Linear),
        new(true, InterpolationOrder.Cubic, InterpolationOrder.Nearest),
    ];

    public static TheoryData<int, int?> SchemesAndAxes()
    {
        var data = new TheoryData<int, int?>();
        for (int s = 0; s < Schemes.Length; s++)
            foreach (int? axis in new int?[] { null, 0, 1, 2 })
                data.Add(s, axis);
        return data;
    }

    [Theory]
    [MemberData(nameof(SchemesAndAxes))]
    public void UnchangedShapeReturnsAnEqualCopy(int scheme, int? axis)
    {
        int[] shape = [4, 5, 6];
        var input = Schemes[scheme].IsSegmentation ? Labels(shape, 2) : Noise(2 * 120, 3);
        int channels = Schemes[scheme].IsSegmentation ? 1 : 2;

        var output = Resampler.Resample(input, channels, shape, shape, Schemes[scheme], axis);

        Assert.Equal(input, output);
        Assert.NotSame(input, output);
    }

    [Theory]
    [MemberData(nameof(SchemesAndAxes))]
    public void ConstantChannelsStayConstant(int scheme, int? axis)
    {
        int[] shape = [5, 7, 6], newShape = [9, 4, 11];
        float[] constants = [-3.25f, 117.6f];
        int voxels = shape[0] * shape[1] * shape[2];
        var input = new float[2 * voxels];
        input.AsSpan(0, voxels).Fill(constants[0]);
        input.AsSpan(voxels).Fill(constants[1]);

        var output = Resampler.Resample(input, 2, shape, newShape, Schemes[scheme], axis);

        int outVoxels = newShape[0] * newShape[1] * newShape[2];
        Assert.Equal(2 * outVoxels, output.Length);
        Assert.All(output.AsSpan(0, outVoxels).ToArray(), v => Assert.Equal(constants[0], v));
        Assert.All(output.AsSpan(outVoxels).ToArray(), v => Assert.Equal(constants[1], v));
    }

    [Theory]
    [InlineData(1, null, 0)]
    [InlineData(1, 0, 0)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 2, 1)]
    [InlineData(0, null, 0)]
    [InlineData(0, 1, 0)]
    public void LabelSetIsPreserved(int order, int? axis, int orderZ)
    {
        int[] shape = [12, 20, 18];
        var labels = Blobs(shape);
        var scheme = new ResamplingScheme(true, (InterpolationOrder)order, (InterpolationOrder)orderZ);

        foreach (int[] newShape in new[] { new[] { 7, 13, 25 }, new[] { 20, 31, 12 } })
        {
            var output = Resampler.Resample(labels, 1, shape, newShape, scheme, axis);
            Assert.Equal(labels.Distinct().Order(), output.Distinct().Order());
        }
    }

    /// <summary>Each line is resampled with the same arithmetic whichever axis it lies along and however lines are
    /// grouped into SIMD blocks, so resampling a transposed array gives the transposed result bit for bit.</summary>
    [Theory]
    [InlineData(3, null)]
    [InlineData(1, null)]
    [InlineData(0, null)]
    [InlineData(3, 1)]
    public void ResamplingCommutesWithTransposition(int order, int? separateAxis)
    {
        int[] shape = [40, 30, 50], newShape = [53, 30, 50]; // several SIMD blocks per plane
        var scheme = new ResamplingScheme(false, (InterpolationOrder)order, InterpolationOrder.Nearest);
        var input = Noise(shape[0] * shape[1] * shape[2], 11);

        var along0 = Resampler.Resample(input, 1, shape, newShape, scheme, separateAxis);
        var along2 = Resampler.Resample(SwapZX(input, shape), 1, [shape[2], shape[1], shape[0]],
            [newShape[2], newShape[1], newShape[0]], scheme, separateAxis is null ? null : 2 - separateAxis);

        Assert.Equal(along0, SwapZX(along2, [newShape[2], newShape[1], newShape[0]]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreadCountDoesNotChangeTheResult(bool segmentation)
    {
        int[] shape = [9, 40, 37], newShape = [17, 29, 52];
        var input = segmentation ? Blobs(shape) : Noise(shape[0] * shape[1] * shape[2], 5);
        var scheme = segmentation ? ResamplingScheme.Segmentation : ResamplingScheme.Data;
        foreach (int? axis in new int?[] { null, 0 })
        {
            var one = Resampler.Resample(input, 1, shape, newShape, scheme, axis, maxDegreeOfParallelism: 1);
            var all = Resampler.Resample(input, 1, shape, newShape, scheme, axis, maxDegreeOfParallelism: -1);
            Assert.Equal(one, all);
        }
    }

    [Fact]
    public void CubicResultsStayInsideTheInputRange()
    {
        int[] shape = [6, 9, 8];
        var input = Noise(2 * 6 * 9 * 8, 7);
        for (int i = 0; i < 6 * 9 * 8; i++) input[i] *= 100;
        var output = Resampler.Resample(input, 2, shape, [11, 5, 17], ResamplingScheme.Data, null);
        int outVoxels = 11 * 5 * 17;
        for (int c = 0; c < 2; c++)
        {
            var inChannel = input.AsSpan(c * 6 * 9 * 8, 6 * 9 * 8).ToArray();
            Assert.All(output.AsSpan(c * outVoxels, outVoxels).ToArray(),
                v => Assert.InRange(v, inChannel.Min(), inChannel.Max()));
        }
    }

    [Fact]
    public void ImageOverloadKeepsPlacementAndSetsSpacing()
    {
        var geometry = new ImageGeometry([3.0, 0.8, 0.8], [10, 20, 30], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        var image = new Image(Noise(4 * 10 * 10, 2), 1, [4, 10, 10], geometry);

        var resampled = Resampler.Resample(image, [8, 5, 20], ResamplingScheme.Data, 0);
        var (data, seg, plan) = Resampler.ResamplePatient(image, null, [1.5, 1.6, 0.4]);

        Assert.Equal([1.5, 1.6, 0.4], resampled.Geometry.Spacing);
        Assert.Equal(geometry.Origin, resampled.Geometry.Origin);
        Assert.Equal([8, 5, 20], plan.NewShape);
        Assert.Equal(0, plan.SeparateZAxis);
        Assert.Null(seg);
        Assert.Equal(resampled.Data, data!.Data);
        Assert.Equal([1.5, 1.6, 0.4], data.Geometry.Spacing);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var data = new float[60];
        Assert.Throws<ArgumentException>(() => Resampler.Resample(data, 1, [3, 4, 6], [2, 2, 2], ResamplingScheme.Data, null));
        Assert.Throws<ArgumentException>(() => Resampler.Resample(data, 1, [3, 4, 5], [0, 2, 2], ResamplingScheme.Data, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(data, 1, [3, 4, 5], [2, 2, 2], ResamplingScheme.Data, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(data, 1, [3, 4, 5], [2, 2, 2],
            new ResamplingScheme(false, (InterpolationOrder)2, InterpolationOrder.Nearest), null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(data, 1, [3, 4, 5], [6, 2, 2],
            new ResamplingScheme(true, InterpolationOrder.Linear, InterpolationOrder.Cubic), 0));
    }

    static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>A label map of one random label per voxel from {0, 1, 2}.</summary>
    static float[] Labels(int[] shape, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, shape[0] * shape[1] * shape[2]).Select(_ => (float)random.Next(3)).ToArray();
    }

    /// <summary>Background 0, a region of -1 and three box-shaped labels large enough to survive resampling.</summary>
    static float[] Blobs(int[] shape)
    {
        var labels = new float[shape[0] * shape[1] * shape[2]];
        for (int z = 0; z < shape[0]; z++)
        for (int y = 0; y < shape[1]; y++)
        for (int x = 0; x < shape[2]; x++)
        {
            float label = y < shape[1] / 5 ? -1
                : x < shape[2] / 2 && z < shape[0] / 2 ? 1
                : x >= shape[2] / 2 && y >= shape[1] / 2 ? 2
                : z >= shape[0] / 2 && x < shape[2] / 3 ? 5 : 0;
            labels[(z * shape[1] + y) * shape[2] + x] = label;
        }
        return labels;
    }

    /// <summary>Swaps axes z and x of a (z, y, x) volume.</summary>
    static float[] SwapZX(float[] values, int[] shape)
    {
        var swapped = new float[values.Length];
        for (int z = 0; z < shape[0]; z++)
        for (int y = 0; y < shape[1]; y++)
        for (int x = 0; x < shape[2]; x++)
            swapped[(x * shape[1] + y) * shape[0] + z] = values[(z * shape[1] + y) * shape[2] + x];
        return swapped;
    }
}
