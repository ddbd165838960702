using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// nnU-Net's soft Dice on softmax probabilities (spec §7): per class tp = sum(p*y), fp = sum(p*(1-y)),
/// fn = sum((1-p)*y) over the spatial axes (and the batch with batch Dice), dc = (2tp + smooth) /
/// (2tp + fp + fn + smooth + 1e-8), background excluded, mean over classes (and samples), loss = -dc.
/// </summary>
public sealed class SoftDiceLoss : ISegmentationLoss
{
    /// <summary>Smoothing in numerator and denominator (spec §7).</summary>
    public const double DefaultSmooth = 1e-5;

    /// <summary>Added to the denominator by v1 (spec §7).</summary>
    public const double DenominatorEpsilon = 1e-8;

    /// <summary>A Dice loss; <paramref name="batchDice"/> pools tp/fp/fn over the batch (from the plan, spec §7).</summary>
    public SoftDiceLoss(bool batchDice, double smooth = DefaultSmooth, bool includeBackground = false)
    {
        BatchDice = batchDice;
        Smooth = smooth;
        IncludeBackground = includeBackground;
    }

    /// <summary>Whether tp/fp/fn are summed over the batch as well (one Dice per class).</summary>
    public bool BatchDice { get; }

    /// <summary>The smoothing term.</summary>
    public double Smooth { get; }

    /// <summary>Whether class 0 counts (false in nnU-Net).</summary>
    public bool IncludeBackground { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor logits, Tensor target)
    {
        SegmentationTargets.CheckShapes(logits, target);
        long classes = logits.shape[1];
        if (!IncludeBackground && classes < 2)
            throw new ArgumentException("Dice without background needs at least 2 classes.");
        using var scope = NewDisposeScope();
        var probabilities = logits.softmax(1);
        var onehot = SegmentationTargets.OneHot(target, classes, probabilities.dtype);
        long[] axes = BatchDice
            ? [0, .. Enumerable.Range(2, (int)logits.dim() - 2).Select(i => (long)i)]
            : Enumerable.Range(2, (int)logits.dim() - 2).Select(i => (long)i).ToArray();
        // fp = sum(p) - tp and fn = sum(y) - tp: the same sums as the definition without two full-size temporaries.
        var tp = (probabilities * onehot).sum(axes);
        var fp = probabilities.sum(axes) - tp;
        var fn = onehot.sum(axes) - tp;
        var dc = (2 * tp + Smooth) / (2 * tp + fp + fn + Smooth + DenominatorEpsilon);
        if (!IncludeBackground) dc = dc.narrow(-1, 1, classes - 1);   // (classes) or (b, classes)
        return scope.MoveToOuter(dc.mean().neg());
    }
}
