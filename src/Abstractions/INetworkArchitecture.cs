using static TorchSharp.torch;

namespace NnUNet.Abstractions;

/// <summary>
/// Builds a network from a configuration's plan. Export an implementation with
/// <see cref="NetworkArchitectureAttribute"/>; trainers find it in the plugin catalog by name.
/// </summary>
public interface INetworkArchitecture
{
    /// <summary>Builds a freshly initialised network on <paramref name="device"/>.</summary>
    SegmentationNetwork Build(NetworkSpec spec, Device device);
}
