using NnUNet.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Core.Inference;

/// <summary>
/// Predicts the class probabilities of a preprocessed case with one or more networks (folds), as nnU-Net v1 does
/// (spec §8): the case is padded with 0 to at least the patch (the smaller half of the difference before), covered
/// by tiles at <see cref="SlidingWindowSteps"/> positions, each tile's softmax weighted with the
/// <see cref="GaussianImportanceMap"/> (when there is more than one tile) and averaged over the mirror images of
/// the allowed axes (identity plus every non-empty subset, each flipped back), then divided by the summed weights
/// and averaged over the networks. A 2D network runs slice by slice along axis 0.
/// <para>
/// Everything stays on the given device: the case is copied there once and the result back once. Inputs go
/// through the network in batches of tiles and mirrors (<see cref="SlidingWindowSettings.BatchSize"/>); each
/// batch's temporaries are freed at once (dispose scope), so native memory does not grow with the case count.
/// </para>
/// </summary>
public sealed class SlidingWindowPredictor
{
    readonly IReadOnlyList<SegmentationNetwork> _networks;
    readonly SlidingWindowSettings _settings;
    readonly Device _device;

    /// <summary>Puts the networks in inference mode (eval, no deep supervision) on <paramref name="device"/>.</summary>
    public SlidingWindowPredictor(IReadOnlyList<SegmentationNetwork> networks, SlidingWindowSettings settings, Device device)
    {
        if (networks is not { Count: > 0 }) throw new ArgumentException("At least one network is needed.", nameof(networks));
        ArgumentNullException.ThrowIfNull(settings);
        int axes = settings.PatchSize.Length;
        if (settings.MirrorAxes.Any(a => a < 0 || a >= axes) || settings.MirrorAxes.Distinct().Count() != settings.MirrorAxes.Length)
            throw new ArgumentException($"Mirror axes ({string.Join(", ", settings.MirrorAxes)}) must be distinct patch axes 0..{axes - 1}.", nameof(settings));
        if (settings.BatchSize < 1) throw new ArgumentException("The batch size must be at least 1.", nameof(settings));
        _networks = networks;
        _settings = settings;
        _device = device;
        foreach (var network in networks)
        {
            network.DeepSupervision = false;
            network.eval();
            network.to(device);
        }
    }

    /// <summary>
    /// The class probabilities (classes, z, y, x) of <paramref name="data"/> ((channels, z, y, x), plan order).
    /// </summary>
    public float[] Predict(float[] data, int channels, int[] shape, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (shape is not { Length: 3 } || shape.Any(s => s < 1) || channels < 1 || (long)channels * shape[0] * shape[1] * shape[2] != data.LongLength)
            throw new ArgumentException($"Data holds {data.LongLength} values, not {channels} x {string.Join(" x ", shape ?? [])}.", nameof(data));

        bool twoD = _settings.IsTwoDimensional;
        int[] patch = twoD ? [1, .. _settings.PatchSize] : _settings.PatchSize;
        int[] padded = shape.Zip(patch, Math.Max).ToArray();
        int[] before = padded.Zip(shape, (p, s) => (p - s) / 2).ToArray();
        int[][] steps = twoD
            ? [Enumerable.Range(0, padded[0]).ToArray(), .. SlidingWindowSteps.Compute(_settings.PatchSize, padded[1..], _settings.StepSize)]
            : SlidingWindowSteps.Compute(patch, padded, _settings.StepSize);
        // The Gaussian is used when the window moves (per slice for 2D networks), as in v1.
        bool gaussian = _settings.UseGaussian && steps.Skip(twoD ? 1 : 0).Aggregate(1L, (n, s) => n * s.Length) > 1;
        long[][] mirrors = MirrorDimensions(twoD);
        var tiles = Tiles(steps);

        using var noGrad = torch.no_grad();
        using var input = PadAndMove(data, channels, shape, padded, before);
        using var weightMap = WeightMap(patch, gaussian);
        using var scaledWeight = weightMap.div((double)mirrors.Length);
        using var sum = torch.zeros([_settings.NumClasses, padded[0], padded[1], padded[2]], dtype: float32, device: _device);
        using var weights = torch.zeros([1, padded[0], padded[1], padded[2]], dtype: float32, device: _device);
        foreach (var tile in tiles)
        {
            using var region = Region(weights, tile, patch);
            region.add_(weightMap);
        }

        var items = tiles.SelectMany(tile => mirrors.Select(mirror => (Tile: tile, Mirror: mirror))).ToArray();
        foreach (var network in _networks)
        {
            for (int start = 0; start < items.Length; start += _settings.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var batch = items.AsSpan(start, Math.Min(_settings.BatchSize, items.Length - start)).ToArray();
                var probabilities = Forward(network, batch.Select(item => Mirror(Region(input, item.Tile, patch), item.Mirror)).ToArray(), patch);
                for (int b = 0; b < batch.Length; b++)
                    Region(sum, batch[b].Tile, patch).add_(Mirror(probabilities[b], batch[b].Mirror).mul(scaledWeight));
            }
        }

        using var total = weights.mul((double)_networks.Count);
        using var average = sum.div(total);
        using var cropped = average.narrow(1, before[0], shape[0]).narrow(2, before[1], shape[1]).narrow(3, before[2], shape[2]);
        using var result = cropped.contiguous().cpu();
        return result.data<float>().ToArray();
    }

    /// <summary>Runs one batch of tiles (channels, patch...) and returns the softmax per tile as (classes, patch...).</summary>
    Tensor Forward(SegmentationNetwork network, Tensor[] tiles, int[] patch)
    {
        var batch = torch.stack(tiles, 0);
        if (_settings.IsTwoDimensional) batch = batch.squeeze(2);
        var outputs = network.call(batch);
        if (outputs.Length < 1) throw new InvalidOperationException("The network returned no output.");
        var logits = outputs[0];
        long[] expected = [tiles.Length, _settings.NumClasses, .. (_settings.IsTwoDimensional ? patch[1..] : patch).Select(p => (long)p)];
        if (!logits.shape.SequenceEqual(expected))
            throw new InvalidOperationException($"The network returned shape ({string.Join(", ", logits.shape)}) for input " +
                                                $"({string.Join(", ", batch.shape)}); expected ({string.Join(", ", expected)}).");
        var probabilities = torch.nn.functional.softmax(logits, 1);
        return _settings.IsTwoDimensional ? probabilities.unsqueeze(2) : probabilities;
    }

    /// <summary>The flip dimensions (of a (channels, z, y, x) tile) of every mirror image: identity first, then
    /// each non-empty subset of the allowed axes (x, y, xy, z, ... as v1 orders them).</summary>
    long[][] MirrorDimensions(bool twoD)
    {
        var allowed = _settings.UseMirroring
            ? _settings.MirrorAxes.Select(a => twoD ? a + 1 : a).ToHashSet()
            : [];
        var result = new List<long[]>();
        for (int mask = 0; mask < 8; mask++)
        {
            int[] axes = Enumerable.Range(0, 3).Where(bit => (mask & (1 << bit)) != 0).Select(bit => 2 - bit).ToArray();
            if (axes.All(allowed.Contains)) result.Add(axes.Select(a => (long)a + 1).ToArray());
        }
        return result.ToArray();
    }

    static Tensor Mirror(Tensor tile, long[] dimensions) => dimensions.Length == 0 ? tile : tile.flip(dimensions);

    /// <summary>The patch-sized view of <paramref name="volume"/> (leading channel axis) at <paramref name="tile"/>.</summary>
    static Tensor Region(Tensor volume, int[] tile, int[] patch) =>
        volume.narrow(1, tile[0], patch[0]).narrow(2, tile[1], patch[1]).narrow(3, tile[2], patch[2]);

    static List<int[]> Tiles(int[][] steps)
    {
        var tiles = new List<int[]>();
        foreach (int z in steps[0])
        foreach (int y in steps[1])
        foreach (int x in steps[2])
            tiles.Add([z, y, x]);
        return tiles;
    }

    Tensor PadAndMove(float[] data, int channels, int[] shape, int[] padded, int[] before)
    {
        using var host = torch.tensor(data, [channels, shape[0], shape[1], shape[2]], dtype: float32);
        if (padded.SequenceEqual(shape)) return host.to(_device, copy: true);
        long[] pad = new long[6];
        for (int a = 0; a < 3; a++)
        {
            pad[2 * (2 - a)] = before[a];
            pad[2 * (2 - a) + 1] = padded[a] - shape[a] - before[a];
        }
        using var padding = torch.nn.functional.pad(host, pad, PaddingModes.Constant, 0);
        return padding.to(_device, copy: true);
    }

    Tensor WeightMap(int[] patch, bool gaussian)
    {
        if (!gaussian) return torch.ones([1, patch[0], patch[1], patch[2]], dtype: float32, device: _device);
        float[] map = GaussianImportanceMap.Create(_settings.PatchSize);
        using var host = torch.tensor(map, [1, patch[0], patch[1], patch[2]], dtype: float32);
        return host.to(_device, copy: true);
    }
}
