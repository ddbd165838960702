using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// Gradient-norm clipping as torch.nn.utils.clip_grad_norm_ computes it (spec §7: norm 12): the 2-norm of all gradients
/// together, every gradient scaled by min(1, max / (norm + 1e-6)). Computed on the gradients' device without reading the
/// norm back (TorchSharp's clip_grad_norm_ returns it as a number, a device synchronisation per iteration on CUDA).
/// </summary>
public static class GradientClipping
{
    const double Epsilon = 1e-6; // torch's clip_grad_norm_

    /// <summary>Clips the gradients of <paramref name="parameters"/> in place to a total 2-norm of at most <paramref name="maxNorm"/>.</summary>
    public static void ClipByTotalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var gradients = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        if (gradients.Length == 0) return;
        using Scalar one = 1.0.ToScalar();
        var total = stack(gradients.Select(g => g.norm()).ToArray()).norm();
        var factor = (maxNorm / (total + Epsilon)).clamp_max(one);
        foreach (var gradient in gradients) gradient.mul_(factor);
    }
}
