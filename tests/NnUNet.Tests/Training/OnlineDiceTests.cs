using NnUNet.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>The online pseudo Dice (spec §7): hard tp/fp/fn per foreground class summed over batches, Dice per class, mean.</summary>
public sealed class OnlineDiceTests
{
    public OnlineDiceTests() => torch.set_num_threads(1);

    /// <summary>Logits whose argmax is <paramref name="labels"/> (b=1, 3 classes, 1x1x n voxels).</summary>
    static Tensor Logits(int[] labels)
    {
        var values = new float[3 * labels.Length];
        for (int i = 0; i < labels.Length; i++) values[labels[i] * labels.Length + i] = 5;
        return tensor(values, [1, 3, 1, 1, labels.Length]);
    }

    static Tensor Target(int[] labels) => tensor(labels.Select(l => (float)l).ToArray(), [1, 1, 1, 1, labels.Length]);

    [Fact]
    public void CountsOverAllBatchesThenTakesDicePerClass()
    {
        using var dice = new OnlineDice(3, CPU);
        // Batch 1, class 1: tp 2, fp 1, fn 0; class 2: tp 0, fp 0, fn 1.
        using (var l = Logits([1, 1, 1, 0]))
        using (var t = Target([1, 1, 0, 2])) dice.Add(l, t);
        // Batch 2, class 1: fn 1; class 2: tp 1.
        using (var l = Logits([0, 2]))
        using (var t = Target([1, 2]))
            dice.Add(l, t);

        var (mean, perClass) = dice.Finish();
        // class 1: tp 2, fp 1, fn 1 -> 4/6; class 2: tp 1, fp 0, fn 1 -> 2/3 (Dice = 2tp / (2tp + fp + fn)).
        Assert.Equal([4.0 / 6, 2.0 / 3], perClass);
        Assert.Equal((4.0 / 6 + 2.0 / 3) / 2, mean, 15);

        // Finish resets; a class with no voxel anywhere is NaN and left out of the mean (v1).
        using (var l = Logits([1, 0]))
        using (var t = Target([1, 0])) dice.Add(l, t);
        var (again, classes) = dice.Finish();
        Assert.Equal(1.0, classes[0]);
        Assert.True(double.IsNaN(classes[1]));
        Assert.Equal(1.0, again);
    }
}
