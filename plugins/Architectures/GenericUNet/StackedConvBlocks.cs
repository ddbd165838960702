using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Architectures.GenericUNet;

/// <summary>
/// <c>count</c> blocks in a row, the first from <c>inChannels</c> with <c>firstStride</c>, the rest
/// <c>outChannels</c> to <c>outChannels</c> with stride 1. Like v1's StackedConvLayers it always holds at least one
/// block; the child is named "blocks" so parameter names follow v1's state dict.
/// </summary>
internal sealed class StackedConvBlocks : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> blocks;

    public StackedConvBlocks(int dimensions, long inChannels, long outChannels, int count, int[] kernel, int[] firstStride, Device device)
        : base(nameof(StackedConvBlocks))
    {
        var ones = Enumerable.Repeat(1, dimensions).ToArray();
        var list = new List<nn.Module<Tensor, Tensor>> { new ConvNormNonlinBlock(dimensions, inChannels, outChannels, kernel, firstStride, device) };
        for (int i = 1; i < count; i++) list.Add(new ConvNormNonlinBlock(dimensions, outChannels, outChannels, kernel, ones, device));
        blocks = nn.Sequential(list);
        register_module("blocks", blocks);
    }

    public override Tensor forward(Tensor input) => blocks.call(input);
}
