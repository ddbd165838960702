using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Architectures.GenericUNet;

/// <summary>
/// One v1 block: conv (with bias) -> InstanceNorm (eps 1e-5, affine) -> LeakyReLU(0.01) (spec §6). Dropout is off
/// in v1 (p = 0), so it is left out. Children are named conv / instnorm / lrelu like v1's state dict.
/// </summary>
internal sealed class ConvNormNonlinBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>InstanceNorm epsilon (spec §6).</summary>
    internal const double NormEpsilon = 1e-5;

    /// <summary>LeakyReLU negative slope, also the slope He init uses (spec §6).</summary>
    internal const double NegativeSlope = 0.01;

    private readonly nn.Module<Tensor, Tensor> conv;
    private readonly nn.Module<Tensor, Tensor> norm;
    private readonly nn.Module<Tensor, Tensor> nonlin;

    public ConvNormNonlinBlock(int dimensions, long inChannels, long outChannels, int[] kernel, int[] stride, Device device)
        : base(nameof(ConvNormNonlinBlock))
    {
        conv = Layers.Conv(dimensions, inChannels, outChannels, kernel, stride, Layers.SamePadding(kernel), bias: true, device);
        norm = dimensions == 3
            ? nn.InstanceNorm3d(outChannels, eps: NormEpsilon, affine: true, device: device)
            : nn.InstanceNorm2d(outChannels, eps: NormEpsilon, affine: true, device: device);
        // In place like v1: leaky_relu_ with a positive slope is safe for autograd and saves one activation.
        nonlin = nn.LeakyReLU(NegativeSlope, inplace: true);
        register_module("conv", conv);
        register_module("instnorm", norm);
        register_module("lrelu", nonlin);
    }

    public override Tensor forward(Tensor input) => nonlin.call(norm.call(conv.call(input)));
}
