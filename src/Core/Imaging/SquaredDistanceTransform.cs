namespace NnUNet.Core.Imaging;

/// <summary>
/// The exact squared Euclidean distance (in voxels) from every voxel of a (z, y, x) volume to the nearest voxel of a
/// set, by the lower envelope of parabolas (Felzenszwalb and Huttenlocher), one pass per axis: linear in the voxels,
/// whatever the distances. Voxels of an empty set get <see cref="Infinite"/>. One instance keeps its buffers for one
/// shape; not thread-safe.
/// </summary>
public sealed class SquaredDistanceTransform
{
    /// <summary>The distance of every voxel when the set is empty.</summary>
    public const int Infinite = int.MaxValue;

    readonly int[] _shape;
    readonly int[] _distances;
    readonly long[] _line;     // one line's values before the pass
    readonly int[] _sites;     // parabola apexes of the lower envelope
    readonly double[] _bounds; // where each envelope parabola starts

    public SquaredDistanceTransform(int[] shape)
    {
        if (shape is not { Length: 3 } || shape.Any(s => s < 1)) throw new ArgumentException("Shape must be three positive sizes (z, y, x).", nameof(shape));
        _shape = (int[])shape.Clone();
        _distances = new int[checked(shape[0] * shape[1] * shape[2])];
        int longest = shape.Max();
        _line = new long[longest];
        _sites = new int[longest];
        _bounds = new double[longest + 1];
    }

    public IReadOnlyList<int> Shape => _shape;

    /// <summary>
    /// Squared distances from every voxel to the nearest voxel where <paramref name="mask"/> equals
    /// <paramref name="member"/> (0 on the set itself). The result is this instance's buffer, valid until the next call.
    /// </summary>
    public ReadOnlySpan<int> Compute(ReadOnlySpan<bool> mask, bool member)
    {
        if (mask.Length != _distances.Length) throw new ArgumentException("The mask does not fill the shape.", nameof(mask));
        for (int i = 0; i < mask.Length; i++) _distances[i] = mask[i] == member ? 0 : Infinite;
        int nz = _shape[0], ny = _shape[1], nx = _shape[2];
        for (int line = 0; line < nz * ny; line++) Pass(line * nx, 1, nx);               // along x
        for (int z = 0; z < nz; z++)
            for (int x = 0; x < nx; x++) Pass(z * ny * nx + x, nx, ny);                  // along y
        for (int line = 0; line < ny * nx; line++) Pass(line, ny * nx, nz);              // along z
        return _distances;
    }

    /// <summary>
    /// One line (start, stride, length): d(q) = min over p of (q - p)^2 + f(p), only finite f(p) taking part, so
    /// the envelope is exact integer arithmetic carried in doubles far below 2^53.
    /// </summary>
    void Pass(int start, int stride, int length)
    {
        var f = _line;
        int count = 0;
        for (int q = 0, i = start; q < length; q++, i += stride)
        {
            int value = _distances[i];
            f[q] = value == Infinite ? -1 : value;
            if (value == Infinite) continue;
            while (count > 0)
            {
                int p = _sites[count - 1];
                double s = Intersection(p, f[p], q, f[q]);
                if (s > _bounds[count - 1]) { _sites[count] = q; _bounds[count] = s; count++; break; }
                count--;
            }
            if (count == 0) { _sites[0] = q; _bounds[0] = double.NegativeInfinity; count = 1; }
        }
        if (count == 0) return; // nothing on this line reaches any set voxel yet
        for (int q = 0, k = 0, i = start; q < length; q++, i += stride)
        {
            while (k + 1 < count && _bounds[k + 1] <= q) k++;
            long d = q - _sites[k];
            _distances[i] = (int)Math.Min(d * d + f[_sites[k]], Infinite - 1L);
        }
    }

    // Where the parabolas with apexes (p, fp) and (q, fq), p < q, cross.
    static double Intersection(int p, long fp, int q, long fq) => ((fq + (long)q * q) - (fp + (long)p * p)) / (2.0 * (q - p));
}
