using NnUNet.Abstractions;
using NnUNet.Core.Training;
using static TorchSharp.torch;

namespace NnUNet.Architectures.GenericUNet;

/// <summary>The architecture plugin trainers find under the name "GenericUNet".</summary>
[NetworkArchitecture(Name, Description = "nnU-Net v1 Generic_UNet: strided-conv encoder, transposed-conv decoder, InstanceNorm + LeakyReLU, deep supervision")]
public sealed class GenericUNetArchitecture : INetworkArchitecture
{
    /// <summary>The catalog name of this architecture.</summary>
    public const string Name = "GenericUNet";

    /// <inheritdoc />
    public SegmentationNetwork Build(NetworkSpec spec, Device device)
    {
        // A network built for the CPU must not train on faulty oneDNN gradients (checked once per process).
        if (device.type == TorchSharp.DeviceType.CPU) CpuConvolutionGuard.Ensure();
        return new GenericUNetNetwork(spec, device);
    }
}
