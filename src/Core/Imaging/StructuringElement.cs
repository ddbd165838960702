namespace NnUNet.Core.Imaging;

/// <summary>
/// A binary structuring element in engine order (z, y, x), odd along every axis, centred on its middle voxel.
/// 2D elements have z extent 1 and apply to each slice on its own.
/// </summary>
public sealed class StructuringElement
{
    // Threshold on the resampled ball (spec §2, Task076: "thresholded at 0.5", strictly greater).
    const double BallThreshold = 0.5;

    public StructuringElement(int[] shape, bool[] mask)
    {
        if (shape.Length != 3 || shape.Any(n => n < 1 || n % 2 == 0))
            throw new ArgumentException("A structuring element has an odd size along each of (z, y, x).", nameof(shape));
        if (mask.Length != shape[0] * shape[1] * shape[2]) throw new ArgumentException("The mask does not fill the shape.", nameof(mask));
        Shape = shape;
        Mask = mask;
        Offsets = Enumerable.Range(0, mask.Length).Where(i => mask[i])
            .Select(i => (i / (shape[1] * shape[2]) - shape[0] / 2, i / shape[2] % shape[1] - shape[1] / 2, i % shape[2] - shape[2] / 2))
            .ToArray();
    }

    /// <summary>(z, y, x) extent, each odd.</summary>
    public int[] Shape { get; }

    /// <summary>Membership, index (z * Y + y) * X + x.</summary>
    public bool[] Mask { get; }

    /// <summary>The members as (dz, dy, dx) from the centre.</summary>
    public (int Dz, int Dy, int Dx)[] Offsets { get; }

    /// <summary>Whether (z, y, x) (element coordinates, 0-based) is a member.</summary>
    public bool this[int z, int y, int x] => Mask[(z * Shape[1] + y) * Shape[2] + x];

    /// <summary>
    /// The anisotropic ball of nnU-Net's cell-border conversions (spec §2, Task076/Task089): per axis
    /// r = round(radius / spacing) (half to even, as numpy), n = 2r + 1; an isotropic ball (disk in 2D) of radius
    /// R = 2 max(n) on the integer grid (offsets with squared length &lt;= R^2) is resized to n with linear
    /// interpolation (order 1, pixel centres aligned as skimage's resize does) and thresholded at &gt; 0.5.
    /// </summary>
    /// <param name="spacing">(y, x) for a 2D disk or (z, y, x) for a 3D ball, in physical units.</param>
    /// <param name="radius">Physical radius.</param>
    public static StructuringElement AnisotropicBall(IReadOnlyList<double> spacing, double radius)
    {
        if (spacing.Count is not (2 or 3) || spacing.Any(s => !(s > 0)) || !(radius > 0))
            throw new ArgumentException("Spacing needs 2 or 3 positive values and the radius must be positive.");
        int dims = spacing.Count;
        int[] n = spacing.Select(s => 2 * (int)Math.Round(radius / s, MidpointRounding.ToEven) + 1).ToArray();
        int bigRadius = 2 * n.Max(), bigSize = 2 * bigRadius + 1;
        bool InBall(int[] index)
        {
            long squared = 0;
            foreach (int i in index) squared += (long)(i - bigRadius) * (i - bigRadius);
            return squared <= (long)bigRadius * bigRadius;
        }

        // Per axis and output index: the two input neighbours and the weight of the upper one.
        var samples = n.Select(size => Enumerable.Range(0, size).Select(o => LinearSample(o, size, bigSize)).ToArray()).ToArray();
        int[] shape = dims == 3 ? n : [1, n[0], n[1]];
        var mask = new bool[shape[0] * shape[1] * shape[2]];
        var output = new int[dims];
        var corner = new int[dims];
        for (int flat = 0; flat < mask.Length; flat++)
        {
            for (int a = dims - 1, rest = flat; a >= 0; a--) { output[a] = rest % n[a]; rest /= n[a]; }
            double value = 0;
            for (int bits = 0; bits < 1 << dims; bits++)
            {
                double weight = 1;
                bool inside = true;
                for (int a = 0; a < dims; a++)
                {
                    var (lower, upperWeight) = samples[a][output[a]];
                    bool upper = (bits >> a & 1) == 1;
                    corner[a] = upper ? lower + 1 : lower;
                    weight *= upper ? upperWeight : 1 - upperWeight;
                    inside &= corner[a] >= 0 && corner[a] < bigSize; // outside the grid counts as 0
                }
                if (weight > 0 && inside && InBall(corner)) value += weight;
            }
            mask[flat] = value > BallThreshold;
        }
        return new StructuringElement(shape, mask);
    }

    /// <summary>
    /// Where output index <paramref name="o"/> of <paramref name="outSize"/> samples an axis of <paramref name="inSize"/>:
    /// centres aligned, input coordinate (o + 0.5) * in / out - 0.5, split into the lower neighbour and the upper weight.
    /// </summary>
    static (int Lower, double UpperWeight) LinearSample(int o, int outSize, int inSize)
    {
        double coordinate = (o + 0.5) * inSize / outSize - 0.5;
        int lower = (int)Math.Floor(coordinate);
        return (lower, coordinate - lower);
    }
}
