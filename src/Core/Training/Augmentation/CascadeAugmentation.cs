using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// The cascade augmentations of the previous stage's one-hot channels of a 3D patch (spec §7 "cascade" row, after the
/// cleanup): random binary operators with a Euclidean ball, then random connected-component removal, as
/// <see cref="CascadeAugmentationParameters"/> sets them. The label channels are visited in a random order; the
/// voxels an operator adds to one label are taken from the others, so every voxel keeps at most one label.
/// Components are 6-connected (scipy's default in 3D; v1 used skimage's 26-connectivity, but its removal never fires,
/// see <see cref="CascadeAugmentationParameters.V1"/>). Binary operators: <see cref="BallMorphology"/>.
/// One instance per worker (it keeps buffers for its patch).
/// </summary>
public sealed class CascadeAugmentation
{
    static readonly BinaryOperation[] Operations = [BinaryOperation.Dilation, BinaryOperation.Erosion, BinaryOperation.Opening, BinaryOperation.Closing];
    static readonly int[] Foreground = [1];

    readonly CascadeAugmentationParameters _parameters;
    readonly PatchShape _patch;
    readonly int _channels;
    readonly int[] _shape;
    readonly BallMorphology _morphology;
    readonly bool[] _mask;
    readonly int[] _order;

    /// <param name="channels">Label channels (C - 1).</param>
    public CascadeAugmentation(CascadeAugmentationParameters parameters, PatchShape patch, int channels)
    {
        if (!(parameters.MinRadius >= 0 && parameters.MaxRadius >= parameters.MinRadius))
            throw new ArgumentException("The radius range must satisfy 0 <= min <= max.", nameof(parameters));
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        _parameters = parameters;
        _patch = patch;
        _channels = channels;
        _shape = patch.ToArray();
        _morphology = new BallMorphology(_shape);
        _mask = new bool[patch.Voxels];
        _order = new int[channels];
    }

    /// <summary>Augments the one-hot channels ((C - 1) x patch, values 0 or 1) of one sample in place.</summary>
    public void Apply(Span<float> oneHot, TrainingRandom random)
    {
        if (oneHot.Length != _channels * _patch.Voxels) throw new ArgumentException("Expected (C - 1) x patch values.", nameof(oneHot));
        if (random.NextDouble() < _parameters.BinaryOperatorProbability) ApplyBinaryOperators(oneHot, random);
        if (random.NextDouble() < _parameters.ComponentRemovalProbability) RemoveComponents(oneHot, random);
    }

    /// <summary>For each label channel in a random order, with the per-label probability: a random operator and radius.</summary>
    public void ApplyBinaryOperators(Span<float> oneHot, TrainingRandom random)
    {
        int voxels = _patch.Voxels;
        Shuffle(random);
        foreach (int c in _order)
        {
            if (random.NextDouble() >= _parameters.BinaryOperatorLabelProbability) continue;
            var operation = Operations[random.NextInt(Operations.Length)];
            double radius = random.Uniform(_parameters.MinRadius, _parameters.MaxRadius);
            var channel = oneHot.Slice(c * voxels, voxels);
            for (int i = 0; i < voxels; i++) _mask[i] = channel[i] != 0;
            _morphology.Apply(operation, _mask, radius);
            for (int i = 0; i < voxels; i++) channel[i] = _mask[i] ? 1f : 0f;
            for (int other = 0; other < _channels; other++)
            {
                if (other == c) continue;
                var target = oneHot.Slice(other * voxels, voxels);
                for (int i = 0; i < voxels; i++)
                    if (_mask[i]) target[i] = 0f;
            }
        }
    }

    /// <summary>For each label channel: removes one random component among those of at most the set fraction of the patch.</summary>
    public void RemoveComponents(Span<float> oneHot, TrainingRandom random)
    {
        int voxels = _patch.Voxels;
        double largest = _parameters.ComponentRemovalMaxFraction * voxels;
        for (int c = 0; c < _channels; c++)
        {
            var channel = oneHot.Slice(c * voxels, voxels);
            var components = ConnectedComponents.Find(channel, _shape, Foreground);
            var candidates = Enumerable.Range(0, components.Count).Where(k => components.Sizes[k] <= largest).ToArray();
            if (candidates.Length == 0) continue;
            int chosen = candidates[random.NextInt(candidates.Length)];
            components.Remove(channel, k => k == chosen);
        }
    }

    void Shuffle(TrainingRandom random)
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }
}
