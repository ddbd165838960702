using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>nnU-Net's default loss: cross-entropy + soft Dice, weighted 1:1 (spec §7). Usually negative.</summary>
public sealed class DiceCrossEntropyLoss : ISegmentationLoss
{
    /// <summary>Weight of the cross-entropy term (spec §7).</summary>
    public const double CrossEntropyWeight = 1;

    /// <summary>Weight of the Dice term (spec §7).</summary>
    public const double DiceWeight = 1;

    private readonly CrossEntropyLabelLoss crossEntropy = new();

    /// <summary>The loss with batch Dice as the plan says (spec §7).</summary>
    public DiceCrossEntropyLoss(bool batchDice) => Dice = new SoftDiceLoss(batchDice);

    /// <summary>The Dice term.</summary>
    public SoftDiceLoss Dice { get; }

    /// <inheritdoc />
    public Tensor Compute(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        var ce = crossEntropy.Compute(logits, target);
        var dc = Dice.Compute(logits, target);
        return scope.MoveToOuter(CrossEntropyWeight * ce + DiceWeight * dc);
    }
}
