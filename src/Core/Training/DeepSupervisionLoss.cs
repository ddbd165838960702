using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// Sum over network outputs of weight_i * loss(output_i, target_i) (v1 MultipleOutputLoss2, spec §7). Outputs and
/// targets come full resolution first; targets are the ones <see cref="DeepSupervision.DownsampleTargets"/> makes.
/// Outputs with weight 0 are skipped.
/// </summary>
public sealed class DeepSupervisionLoss
{
    private readonly ISegmentationLoss loss;
    private readonly double[] weights;

    /// <summary>Wraps <paramref name="loss"/> with one weight per output (see <see cref="DeepSupervision.LossWeights"/>).</summary>
    public DeepSupervisionLoss(ISegmentationLoss loss, double[] weights)
    {
        this.loss = loss;
        this.weights = (double[])weights.Clone();
    }

    /// <summary>The weights, full resolution first.</summary>
    public IReadOnlyList<double> Weights => weights;

    /// <summary>The weighted loss as a scalar tensor the caller disposes.</summary>
    public Tensor Compute(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> targets)
    {
        if (outputs.Count != weights.Length || targets.Count != weights.Length)
            throw new ArgumentException($"Deep supervision has {weights.Length} weights but got {outputs.Count} outputs and {targets.Count} targets.");
        using var scope = NewDisposeScope();
        var total = weights[0] * loss.Compute(outputs[0], targets[0]);
        for (int i = 1; i < weights.Length; i++)
            if (weights[i] != 0) total = total + weights[i] * loss.Compute(outputs[i], targets[i]);
        return scope.MoveToOuter(total);
    }
}
