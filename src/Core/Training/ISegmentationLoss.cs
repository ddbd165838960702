using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// A loss on one network output. <c>logits</c> is (b, classes, [z,] y, x) floating point; <c>target</c> is
/// (b, 1, [z,] y, x) holding label values 0..classes-1, as float32 (how preprocessed and augmented segmentations
/// are stored) or any integer type; both on the same device. Returns a scalar tensor the caller disposes.
/// </summary>
public interface ISegmentationLoss
{
    /// <summary>The loss of <paramref name="logits"/> against <paramref name="target"/> (see the interface).</summary>
    Tensor Compute(Tensor logits, Tensor target);
}
