namespace NnUNet.Core.Imaging;

/// <summary>
/// Binary erosion with a <see cref="StructuringElement"/>, as scipy.ndimage.binary_erosion with its defaults: a voxel
/// stays when every member of the element around it is inside the region, and everything outside the image counts
/// as outside the region (border value 0), so regions touching the image edge lose their edge voxels.
/// </summary>
public static class BinaryMorphology
{
    /// <summary>Erodes <paramref name="mask"/> of shape (z, y, x).</summary>
    public static bool[] Erode(ReadOnlySpan<bool> mask, int[] shape, StructuringElement element)
    {
        var result = new bool[mask.Length];
        for (int i = 0; i < mask.Length; i++) result[i] = mask[i] && IsInterior(mask, shape, i, element);
        return result;
    }

    /// <summary>
    /// Whether voxel <paramref name="index"/> survives the erosion of its own region, the voxels holding the same
    /// value: every element member around it lies inside the image and holds that value. For a label map of
    /// instances this erodes every instance at once, each on its own (touching instances do not shield each other).
    /// </summary>
    public static bool IsInterior<T>(ReadOnlySpan<T> values, int[] shape, int index, StructuringElement element) where T : IEquatable<T>
    {
        int nz = shape[0], ny = shape[1], nx = shape[2];
        int x = index % nx, y = index / nx % ny, z = index / (nx * ny);
        T value = values[index];
        foreach (var (dz, dy, dx) in element.Offsets)
        {
            int zz = z + dz, yy = y + dy, xx = x + dx;
            if ((uint)zz >= (uint)nz || (uint)yy >= (uint)ny || (uint)xx >= (uint)nx) return false;
            if (!values[(zz * ny + yy) * nx + xx].Equals(value)) return false;
        }
        return true;
    }
}
