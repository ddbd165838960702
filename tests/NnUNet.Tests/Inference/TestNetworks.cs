using NnUNet.Abstractions;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace NnUNet.Tests.Inference;

/// <summary>Tiny networks whose outputs are known by construction, for testing the predictor without a U-Net.</summary>
public static class TestNetworks
{
    /// <summary>The same logits at every voxel, whatever the input.</summary>
    public sealed class Constant : SegmentationNetwork
    {
        readonly float[] _logits;

        public Constant(params float[] logits) : base("constant") => _logits = logits;

        public override Tensor[] forward(Tensor input)
        {
            long[] shape = [input.shape[0], _logits.Length, .. input.shape[2..]];
            long[] view = [1, _logits.Length, .. Enumerable.Repeat(1L, input.shape.Length - 2)];
            using var values = torch.tensor(_logits, device: input.device).view(view);
            return [values.expand(shape).contiguous()];
        }
    }

    /// <summary>A 1x1(x1) convolution with fixed weights: each voxel's logits depend on that voxel's channels only,
    /// so any tiling and any mirroring give the whole image's softmax.</summary>
    public sealed class Pointwise : SegmentationNetwork
    {
        readonly Parameter _weight;
        readonly Parameter _bias;
        readonly int _dimensions;

        public Pointwise(int inputChannels, int classes, int dimensions)
            : this(Enumerable.Range(0, classes * inputChannels).Select(i => (float)Math.Sin(1.7 * i + 0.3) * 2).ToArray(),
                Enumerable.Range(0, classes).Select(c => 0.25f * c).ToArray(), dimensions) { }

        /// <param name="weights">(classes, input channels), C order.</param>
        /// <param name="bias">One per class.</param>
        public Pointwise(float[] weights, float[] bias, int dimensions) : base("pointwise")
        {
            _dimensions = dimensions;
            _weight = new Parameter(torch.tensor(weights, [bias.Length, weights.Length / bias.Length]));
            _bias = new Parameter(torch.tensor(bias));
            register_parameter("weight", _weight);
            register_parameter("bias", _bias);
        }

        public override Tensor[] forward(Tensor input)
        {
            long[] kernel = [_weight.shape[0], _weight.shape[1], .. Enumerable.Repeat(1L, _dimensions)];
            using var w = _weight.view(kernel);
            return [_dimensions == 3
                ? torch.nn.functional.conv3d(input, w, _bias)
                : torch.nn.functional.conv2d(input, w, _bias)];
        }
    }

    /// <summary>Logits that depend only on the position inside the patch (a fixed pattern), not on the input:
    /// makes the tile positions, flips and weights of the sliding window visible in the result.</summary>
    public sealed class PositionPattern : SegmentationNetwork
    {
        readonly Tensor _pattern;

        /// <param name="pattern">Logits (classes, patch...) in C order.</param>
        public PositionPattern(float[] pattern, int classes, int[] patch) : base("pattern")
        {
            _pattern = torch.tensor(pattern, [classes, .. patch.Select(p => (long)p)]);
            register_buffer("pattern", _pattern);
        }

        public override Tensor[] forward(Tensor input)
        {
            long[] shape = [input.shape[0], .. _pattern.shape];
            return [_pattern.to(input.device).unsqueeze(0).expand(shape).contiguous()];
        }
    }

    /// <summary>Softmax over the classes of class-major logits (classes, voxels), in float64.</summary>
    public static double[] Softmax(float[] logits, int classes)
    {
        int voxels = logits.Length / classes;
        var result = new double[logits.Length];
        for (int v = 0; v < voxels; v++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++) max = Math.Max(max, logits[c * voxels + v]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.Exp(logits[c * voxels + v] - max);
            for (int c = 0; c < classes; c++) result[c * voxels + v] = Math.Exp(logits[c * voxels + v] - max) / sum;
        }
        return result;
    }
}
