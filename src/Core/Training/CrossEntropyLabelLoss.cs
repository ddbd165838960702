using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>Cross-entropy of logits against integer labels, averaged over voxels and batch (v1 RobustCrossEntropyLoss, spec §7).</summary>
public sealed class CrossEntropyLabelLoss : ISegmentationLoss
{
    /// <inheritdoc />
    public Tensor Compute(Tensor logits, Tensor target)
    {
        SegmentationTargets.CheckShapes(logits, target);
        using var indices = SegmentationTargets.ClassIndices(target);
        return nn.functional.cross_entropy(logits, indices);
    }
}
