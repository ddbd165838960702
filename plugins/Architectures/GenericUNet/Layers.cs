using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Architectures.GenericUNet;

/// <summary>Creates 2D or 3D convolution layers from per-axis sizes.</summary>
internal static class Layers
{
    /// <summary>Padding that keeps the size at stride 1: 1 for kernel 3, 0 for kernel 1 (spec §6), (k-1)/2 in general.</summary>
    public static int[] SamePadding(int[] kernel) => kernel.Select(k => (k - 1) / 2).ToArray();

    public static nn.Module<Tensor, Tensor> Conv(int dimensions, long inChannels, long outChannels, int[] kernel, int[] stride, int[] padding, bool bias, Device device)
        => dimensions == 3
            ? nn.Conv3d(inChannels, outChannels, Triple(kernel), Triple(stride), Triple(padding), bias: bias, device: device)
            : nn.Conv2d(inChannels, outChannels, Pair(kernel), Pair(stride), Pair(padding), bias: bias, device: device);

    /// <summary>Transposed conv with kernel = stride = the pool kernel and no bias (spec §6, v1).</summary>
    public static nn.Module<Tensor, Tensor> Upsampling(int dimensions, long inChannels, long outChannels, int[] pool, Device device)
        => dimensions == 3
            ? nn.ConvTranspose3d(inChannels, outChannels, Triple(pool), Triple(pool), bias: false, device: device)
            : nn.ConvTranspose2d(inChannels, outChannels, Pair(pool), Pair(pool), bias: false, device: device);

    static (long, long, long) Triple(int[] v) => (v[0], v[1], v[2]);

    static (long, long) Pair(int[] v) => (v[0], v[1]);
}
