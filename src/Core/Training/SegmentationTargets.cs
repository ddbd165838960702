using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>Checks and converts (b, 1, ...) label targets for the losses (see <see cref="ISegmentationLoss"/>).</summary>
public static class SegmentationTargets
{
    /// <summary>Throws unless <paramref name="target"/> is (b, 1, spatial...) matching <paramref name="logits"/>' batch and spatial shape.</summary>
    public static void CheckShapes(Tensor logits, Tensor target)
    {
        var l = logits.shape;
        var t = target.shape;
        bool ok = l.Length >= 3 && t.Length == l.Length && t[0] == l[0] && t[1] == 1;
        for (int i = 2; ok && i < l.Length; i++) ok = t[i] == l[i];
        if (!ok)
            throw new ArgumentException($"Target shape ({string.Join(", ", t)}) does not fit logits ({string.Join(", ", l)}); expected (b, 1, spatial...) with the logits' batch and spatial sizes.");
    }

    /// <summary>One-hot (b, classes, ...) in <paramref name="dtype"/> on the target's device, by comparing labels with 0..classes-1.</summary>
    public static Tensor OneHot(Tensor target, long classes, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var shape = new long[target.dim()];
        Array.Fill(shape, 1L);
        shape[1] = classes;
        var labels = arange(classes, dtype: target.dtype, device: target.device).view(shape);
        return scope.MoveToOuter(target.eq(labels).to_type(dtype));
    }

    /// <summary>(b, spatial...) int64 class indices, as cross-entropy wants them.</summary>
    public static Tensor ClassIndices(Tensor target)
    {
        using var channel = target.select(1, 0);
        return channel.to_type(ScalarType.Int64, copy: true);
    }
}
