namespace NnUNet.Core.Imaging;

/// <summary>
/// Binary dilation, erosion, opening and closing of a (z, y, x) mask with the Euclidean ball of a real radius r: the
/// integer offsets d with |d|^2 &lt;= r^2, centred on the voxel. Computed from exact squared distance transforms
/// instead of sliding the ball: a voxel is in the dilation when its distance to the mask is at most r, and stays in the
/// erosion when every background voxel is farther than r. The cost is linear in the voxels for any radius. Outside the
/// volume counts as background for the dilation and as mask for the erosion (skimage's binary operators, which v1's
/// cascade augmentation uses: scipy's erosion with border_value 1), so a label touching the patch border is not eaten
/// from there and the closing never removes a voxel. In place; one instance per shape and thread.
/// </summary>
public sealed class BallMorphology
{
    readonly SquaredDistanceTransform _transform;

    public BallMorphology(int[] shape)
    {
        _transform = new SquaredDistanceTransform(shape);
    }

    /// <summary>Applies <paramref name="operation"/> with the ball of <paramref name="radius"/> to <paramref name="mask"/>.</summary>
    public void Apply(BinaryOperation operation, Span<bool> mask, double radius)
    {
        switch (operation)
        {
            case BinaryOperation.Dilation: Dilate(mask, radius); break;
            case BinaryOperation.Erosion: Erode(mask, radius); break;
            case BinaryOperation.Opening: Erode(mask, radius); Dilate(mask, radius); break;
            case BinaryOperation.Closing: Dilate(mask, radius); Erode(mask, radius); break;
            default: throw new ArgumentOutOfRangeException(nameof(operation));
        }
    }

    /// <summary>Every voxel within <paramref name="radius"/> of the mask joins it.</summary>
    public void Dilate(Span<bool> mask, double radius)
    {
        double limit = Limit(radius);
        var distances = _transform.Compute(mask, member: true);
        for (int i = 0; i < mask.Length; i++) mask[i] = distances[i] <= limit;
    }

    /// <summary>A voxel stays when no background voxel of the volume lies within <paramref name="radius"/>.</summary>
    public void Erode(Span<bool> mask, double radius)
    {
        double limit = Limit(radius);
        var distances = _transform.Compute(mask, member: false);
        for (int i = 0; i < mask.Length; i++) mask[i] = mask[i] && distances[i] > limit;
    }

    static double Limit(double radius)
    {
        if (!(radius >= 0) || double.IsInfinity(radius)) throw new ArgumentOutOfRangeException(nameof(radius), "The radius must be a finite number >= 0.");
        return radius * radius;
    }
}
