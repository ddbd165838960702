using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// The online pseudo Dice of the validation iterations (spec §7 "Pseudo Dice and EMA", v1): the argmax of the
/// full-resolution output against the target, hard tp/fp/fn per foreground class summed over every voxel of every
/// batch, then Dice = 2tp / (2tp + fp + fn) per class. The counts stay on the network's device until
/// <see cref="Finish"/> reads them once, so validation does not wait on a device-to-host copy per batch.
/// </summary>
public sealed class OnlineDice : IDisposable
{
    static readonly Scalar One = 1.ToScalar(); // kept alive: add_(tensor) would pass a temporary (see SafeSgd)

    readonly long _foregroundClasses;
    readonly Tensor _labels;   // 1..classes-1, shaped to broadcast against (b, classes-1, spatial...)
    readonly Tensor _counts;   // (3, classes-1) int64: tp, fp, fn

    /// <param name="numClasses">Classes including background.</param>
    public OnlineDice(int numClasses, Device device)
    {
        if (numClasses < 2) throw new ArgumentOutOfRangeException(nameof(numClasses), "The pseudo Dice needs a foreground class.");
        _foregroundClasses = numClasses - 1;
        _labels = arange(1, numClasses, dtype: ScalarType.Int64, device: device);
        _counts = zeros([3, _foregroundClasses], ScalarType.Int64, device);
    }

    /// <summary>Adds one batch: logits (b, classes, spatial...) and labels (b, 1, spatial...).</summary>
    public void Add(Tensor logits, Tensor target)
    {
        SegmentationTargets.CheckShapes(logits, target);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var shape = new long[logits.dim()];
        Array.Fill(shape, 1L);
        shape[1] = _foregroundClasses;
        var labels = _labels.view(shape);
        var predicted = logits.argmax(1, keepdim: true).eq(labels);               // (b, classes-1, ...)
        var reference = target.to_type(ScalarType.Int64).eq(labels);
        long[] axes = [0, .. Enumerable.Range(2, (int)logits.dim() - 2).Select(i => (long)i)];
        var tp = predicted.logical_and(reference).sum(axes);
        var fp = predicted.logical_and(reference.logical_not()).sum(axes);
        var fn = predicted.logical_not().logical_and(reference).sum(axes);
        _counts.add_(stack([tp, fp, fn]), One);
    }

    /// <summary>
    /// Dice per foreground class (NaN for a class with no voxel predicted or present) and their mean over the classes
    /// that are not NaN (NaN when all are, as v1's mean of an empty list); resets the counts.
    /// </summary>
    public (double Mean, double[] PerClass) Finish()
    {
        long[] counts;
        using (var host = _counts.cpu()) counts = host.data<long>().ToArray();
        _counts.zero_();
        var perClass = new double[_foregroundClasses];
        for (int c = 0; c < perClass.Length; c++)
        {
            long tp = counts[c], fp = counts[_foregroundClasses + c], fn = counts[2 * _foregroundClasses + c];
            long denominator = 2 * tp + fp + fn;
            perClass[c] = denominator == 0 ? double.NaN : 2.0 * tp / denominator;
        }
        var defined = perClass.Where(d => !double.IsNaN(d)).ToArray();
        return (defined.Length == 0 ? double.NaN : defined.Average(), perClass);
    }

    public void Dispose()
    {
        _labels.Dispose();
        _counts.Dispose();
    }
}
