namespace NnUNet.Core.Imaging;

/// <summary>
/// Binary dilation, erosion, opening and closing of a (z, y, x) mask with the Euclidean ball of a real radius r: the
/// integer offsets d with |d|^2 &lt;= r^2, centred on the voxel. Same results as scipy.ndimage's binary operators with
/// that structuring element and their defaults (outside the volume counts as background, so erosion takes away what
/// touches the border), but computed from exact squared distance transforms: a voxel is in the dilation when its
/// distance to the mask is at most r, and stays in the erosion when the background and the outside are both farther
/// than r. The cost is linear in the voxels for any radius. In place; one instance per shape and thread.
/// </summary>
public sealed class BallMorphology
{
    readonly SquaredDistanceTransform _transform;
    readonly int[] _shape;

    public BallMorphology(int[] shape)
    {
        _transform = new SquaredDistanceTransform(shape);
        _shape = (int[])shape.Clone();
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

    /// <summary>A voxel stays when no background voxel and no point outside the volume lies within <paramref name="radius"/>.</summary>
    public void Erode(Span<bool> mask, double radius)
    {
        double limit = Limit(radius);
        var distances = _transform.Compute(mask, member: false);
        int nz = _shape[0], ny = _shape[1], nx = _shape[2];
        for (int z = 0, i = 0; z < nz; z++)
        {
            long toBorderZ = Math.Min(z + 1, nz - z);
            for (int y = 0; y < ny; y++)
            {
                long toBorderZY = Math.Min(toBorderZ, Math.Min(y + 1, ny - y));
                for (int x = 0; x < nx; x++, i++)
                {
                    if (!mask[i]) continue;
                    long toBorder = Math.Min(toBorderZY, Math.Min(x + 1, nx - x)); // nearest outside point lies along one axis
                    mask[i] = distances[i] > limit && toBorder * toBorder > limit;
                }
            }
        }
    }

    static double Limit(double radius)
    {
        if (!(radius >= 0) || double.IsInfinity(radius)) throw new ArgumentOutOfRangeException(nameof(radius), "The radius must be a finite number >= 0.");
        return radius * radius;
    }
}
