using NnUNet.Abstractions;
using NnUNet.Core.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Inference;

/// <summary>
/// The sliding window on networks with known outputs: constant outputs give constant maps, a pointwise network
/// gives the whole image's softmax whatever the tiling, and a position pattern reveals that tiles are weighted with
/// the Gaussian and that mirrored predictions are flipped back before averaging (spec §8).
/// </summary>
public class SlidingWindowPredictorTests
{
    public SlidingWindowPredictorTests() => torch.set_num_threads(1);

    static readonly Device Cpu = torch.CPU;

    static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
    }

    static float[] Predict(SegmentationNetwork network, SlidingWindowSettings settings, float[] data, int channels, int[] shape) =>
        new SlidingWindowPredictor([network], settings, Cpu).Predict(data, channels, shape);

    [Theory]
    [InlineData(new[] { 8, 8, 8 }, new[] { 20, 13, 5 })]   // several tiles per axis, padding along x
    [InlineData(new[] { 12, 10 }, new[] { 3, 30, 7 })]      // 2D network slice by slice, padding along x
    public void ConstantLogitsGiveAConstantMap(int[] patch, int[] shape)
    {
        float[] logits = [0.5f, -1f, 2f];
        var settings = new SlidingWindowSettings(patch, 3);
        var result = Predict(new TestNetworks.Constant(logits), settings, Noise(2 * shape[0] * shape[1] * shape[2], 1), 2, shape);

        var expected = TestNetworks.Softmax(logits, 3);
        int voxels = shape[0] * shape[1] * shape[2];
        Assert.Equal(3 * voxels, result.Length);
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < voxels; v++)
                Assert.Equal(expected[c], result[c * voxels + v], 1e-6);
    }

    [Theory]
    [InlineData(new[] { 8, 8, 8 }, new[] { 19, 9, 5 }, 1)]
    [InlineData(new[] { 8, 8, 8 }, new[] { 19, 9, 5 }, 8)]
    [InlineData(new[] { 6, 10 }, new[] { 4, 23, 7 }, 3)]
    public void PointwiseNetworkGivesTheWholeImageSoftmaxWhateverTheTiling(int[] patch, int[] shape, int batch)
    {
        const int channels = 2, classes = 3;
        int voxels = shape[0] * shape[1] * shape[2];
        var data = Noise(channels * voxels, 2);
        var network = new TestNetworks.Pointwise(channels, classes, patch.Length);
        var result = Predict(network, new SlidingWindowSettings(patch, classes) { BatchSize = batch }, data, channels, shape);

        // The same network on the whole volume at once (2D: every slice as a batch entry).
        using var noGrad = torch.no_grad();
        using var volume = torch.tensor(data, [1, channels, shape[0], shape[1], shape[2]]);
        using var input = patch.Length == 3 ? volume.alias() : volume[0].permute(1, 0, 2, 3);
        using var logits = network.call(input)[0];
        using var whole = patch.Length == 3 ? logits[0] : logits.permute(1, 0, 2, 3);
        var expected = TestNetworks.Softmax(whole.contiguous().data<float>().ToArray(), classes);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], result[i], 1e-5);
    }

    /// <summary>One tile (no Gaussian): the result is the mean over the mirror images of the allowed axes of the
    /// pattern's softmax, each flipped back, i.e. the pattern's softmax symmetrised over those axes.</summary>
    [Theory]
    [InlineData(new[] { 0, 1, 2 }, true, 8)]
    [InlineData(new[] { 0, 2 }, true, 4)]
    [InlineData(new[] { 1 }, true, 2)]
    [InlineData(new[] { 0, 1, 2 }, false, 1)]
    public void MirroredPredictionsAreFlippedBackAndAveraged(int[] axes, bool mirroring, int passes)
    {
        int[] patch = [4, 5, 6];
        const int classes = 2;
        int voxels = patch[0] * patch[1] * patch[2];
        var pattern = Noise(classes * voxels, 3);
        var settings = new SlidingWindowSettings(patch, classes) { MirrorAxes = axes, UseMirroring = mirroring };
        var result = Predict(new TestNetworks.PositionPattern(pattern, classes, patch), settings, new float[voxels], 1, patch);

        var softmax = TestNetworks.Softmax(pattern, classes);
        var subsets = Enumerable.Range(0, 1 << axes.Length)
            .Select(mask => axes.Where((_, i) => (mask & (1 << i)) != 0).ToArray())
            .Where(_ => mirroring || _.Length == 0).ToArray();
        Assert.Equal(passes, subsets.Length);
        for (int c = 0; c < classes; c++)
        for (int z = 0; z < patch[0]; z++)
        for (int y = 0; y < patch[1]; y++)
        for (int x = 0; x < patch[2]; x++)
        {
            double mean = subsets.Average(flipped =>
            {
                int[] p = [z, y, x];
                foreach (int a in flipped) p[a] = patch[a] - 1 - p[a];
                return softmax[c * voxels + (p[0] * patch[1] + p[1]) * patch[2] + p[2]];
            });
            Assert.Equal(mean, result[c * voxels + (z * patch[1] + y) * patch[2] + x], 1e-6);
        }
    }

    /// <summary>Overlapping tiles: each voxel is the Gaussian-weighted mean of the tiles covering it, at the
    /// positions of the window steps.</summary>
    [Fact]
    public void OverlappingTilesAreWeightedWithTheGaussian()
    {
        int[] patch = [4, 6, 8], shape = [4, 6, 21];
        const int classes = 3;
        int patchVoxels = patch[0] * patch[1] * patch[2], voxels = shape[0] * shape[1] * shape[2];
        var pattern = Noise(classes * patchVoxels, 4);
        var settings = new SlidingWindowSettings(patch, classes) { UseMirroring = false };
        var result = Predict(new TestNetworks.PositionPattern(pattern, classes, patch), settings, new float[voxels], 1, shape);

        var softmax = TestNetworks.Softmax(pattern, classes);
        var gaussian = GaussianImportanceMap.Create(patch);
        int[] starts = SlidingWindowSteps.Compute(patch, shape)[2];
        Assert.True(starts.Length > 2, "the case needs overlapping tiles");
        for (int c = 0; c < classes; c++)
        for (int z = 0; z < shape[0]; z++)
        for (int y = 0; y < shape[1]; y++)
        for (int x = 0; x < shape[2]; x++)
        {
            double sum = 0, weight = 0;
            foreach (int s in starts.Where(s => x >= s && x < s + patch[2]))
            {
                int inPatch = (z * patch[1] + y) * patch[2] + x - s;
                sum += gaussian[inPatch] * softmax[c * patchVoxels + inPatch];
                weight += gaussian[inPatch];
            }
            Assert.Equal(sum / weight, result[c * voxels + (z * shape[1] + y) * shape[2] + x], 1e-5);
        }
    }

    [Fact]
    public void FoldsAreAveragedOnTheSoftmax()
    {
        float[] a = [2f, 0f], b = [-1f, 1f];
        int[] patch = [4, 4, 4], shape = [5, 6, 7];
        var predictor = new SlidingWindowPredictor([new TestNetworks.Constant(a), new TestNetworks.Constant(b)],
            new SlidingWindowSettings(patch, 2), Cpu);
        var result = predictor.Predict(new float[shape[0] * shape[1] * shape[2]], 1, shape);

        var sa = TestNetworks.Softmax(a, 2);
        var sb = TestNetworks.Softmax(b, 2);
        int voxels = shape[0] * shape[1] * shape[2];
        for (int c = 0; c < 2; c++)
            Assert.All(result.AsSpan(c * voxels, voxels).ToArray(), v => Assert.Equal((sa[c] + sb[c]) / 2, v, 1e-5));
    }

    [Fact]
    public void ANetworkWithTheWrongClassCountIsAClearError()
    {
        var predictor = new SlidingWindowPredictor([new TestNetworks.Constant(1f, 2f)], new SlidingWindowSettings([4, 4, 4], 3) { BatchSize = 8 }, Cpu);
        var e = Assert.Throws<InvalidOperationException>(() => predictor.Predict(new float[64], 1, [4, 4, 4]));
        Assert.Contains("expected (8, 3, 4, 4, 4)", e.Message);
    }
}
