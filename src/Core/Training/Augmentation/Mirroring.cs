namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Mirroring (spec §7 "mirror", v1): every allowed axis flipped with p 0.5, data and segmentation together (and the
/// cascade's previous-stage segmentation, a second segmentation channel in v1).
/// </summary>
public static class Mirroring
{
    public const double AxisProbability = 0.5; // spec §7 mirror: each allowed axis p 0.5

    /// <param name="axes">Internal spatial axes (0 = z, 1 = y, 2 = x) that may be flipped.</param>
    /// <param name="previousStage">The cascade's previous-stage segmentation (shape), or empty.</param>
    public static void Apply(Span<float> data, int channels, Span<float> segmentation, PatchShape shape, ReadOnlySpan<int> axes, TrainingRandom random,
        Span<float> previousStage = default)
    {
        foreach (int axis in axes)
        {
            if (random.NextDouble() >= AxisProbability) continue;
            for (int c = 0; c < channels; c++) Flip(data.Slice(c * shape.Voxels, shape.Voxels), shape, axis);
            Flip(segmentation, shape, axis);
            if (!previousStage.IsEmpty) Flip(previousStage, shape, axis);
        }
    }

    /// <summary>Reverses one volume (shape) along one spatial axis, in place.</summary>
    public static void Flip(Span<float> volume, PatchShape shape, int axis)
    {
        int plane = shape.Y * shape.X;
        switch (axis)
        {
            case 0:
                for (int a = 0, b = shape.Z - 1; a < b; a++, b--) SwapRanges(volume.Slice(a * plane, plane), volume.Slice(b * plane, plane));
                break;
            case 1:
                for (int z = 0; z < shape.Z; z++)
                {
                    var p = volume.Slice(z * plane, plane);
                    for (int a = 0, b = shape.Y - 1; a < b; a++, b--) SwapRanges(p.Slice(a * shape.X, shape.X), p.Slice(b * shape.X, shape.X));
                }
                break;
            case 2:
                for (int row = 0; row < shape.Z * shape.Y; row++) volume.Slice(row * shape.X, shape.X).Reverse();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(axis));
        }
    }

    static void SwapRanges(Span<float> a, Span<float> b)
    {
        for (int i = 0; i < a.Length; i++) (a[i], b[i]) = (b[i], a[i]);
    }
}
