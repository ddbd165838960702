using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Abstractions;

/// <summary>
/// A segmentation network: input (batch, channels, [z,] y, x) to logits (batch, classes, [z,] y, x).
/// With <see cref="DeepSupervision"/> on it returns one output per decoder level, full resolution first;
/// off, exactly one (the full-resolution logits).
/// </summary>
public abstract class SegmentationNetwork : nn.Module<Tensor, Tensor[]>
{
    /// <summary>Creates the module under a name (used in saved state).</summary>
    protected SegmentationNetwork(string name) : base(name) { }

    /// <summary>Whether forward returns every decoder level's output (training) or only the last (inference).</summary>
    public bool DeepSupervision { get; set; } = true;
}
