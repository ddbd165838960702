using NnUNet.Abstractions;
using static TorchSharp.torch;

namespace NnUNet.Tests.Plugins.ProbePlugin;

/// <summary>Test fixture: an architecture that exists only to be discovered (it references TorchSharp types).</summary>
[NetworkArchitecture("ProbeNet", Description = "Test fixture architecture (discovery only)")]
public sealed class ProbeArchitecture : INetworkArchitecture
{
    public SegmentationNetwork Build(NetworkSpec spec, Device device) =>
        throw new NotSupportedException("ProbeArchitecture is a discovery test fixture.");
}
