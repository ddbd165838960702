using System.Numerics;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// scipy.ndimage.binary_fill_holes with its default structure (6-connectivity in 3D), as v1 applies it to the
/// non-zero mask: a background voxel stays background only when a 6-connected path of background voxels links
/// it to the volume's border (the outside counts as background); every other background voxel is a hole and
/// becomes foreground. An axis of size 1 or 2 therefore leaves no holes (every voxel touches the border).
/// </summary>
/// <remarks>
/// A scanline flood fill from the border: each step marks a whole run of background voxels along x, then seeds
/// the runs it touches in the four neighbouring rows (y +- 1, z +- 1), so the work is per run, not per voxel.
/// </remarks>
public static class BinaryHoleFilling
{
    const byte Background = 0;
    const byte Foreground = 1;
    const byte Outside = 2; // background reached from the border

    /// <summary>Fills the holes of <paramref name="mask"/> (0 / 1 per voxel, (z, y, x) C order) in place.</summary>
    public static void Fill(Span<byte> mask, int[] shape)
    {
        int nz = shape[0], ny = shape[1], nx = shape[2];
        if (mask.Length != (long)nz * ny * nx) throw new ArgumentException("Mask length does not match the shape.", nameof(mask));
        if (!mask.Contains(Background)) return;

        var seeds = new Stack<int>();
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
            {
                int row = (z * ny + y) * nx;
                if (z == 0 || z == nz - 1 || y == 0 || y == ny - 1) SeedRuns(mask, row, 0, nx, seeds);
                else
                {
                    if (mask[row] == Background) seeds.Push(row);
                    if (mask[row + nx - 1] == Background) seeds.Push(row + nx - 1);
                }
                FillFrom(mask, seeds, nx, ny, nz);
            }

        // Outside -> background, everything else (foreground, holes) -> foreground.
        int i = 0;
        for (; i <= mask.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            var v = new Vector<byte>(mask[i..]);
            Vector.ConditionalSelect(Vector.Equals(v, new Vector<byte>(Outside)), Vector<byte>.Zero, Vector<byte>.One).CopyTo(mask[i..]);
        }
        for (; i < mask.Length; i++) mask[i] = mask[i] == Outside ? Background : Foreground;
    }

    /// <summary>Marks every run reachable from the seeds as outside.</summary>
    static void FillFrom(Span<byte> mask, Stack<int> seeds, int nx, int ny, int nz)
    {
        int plane = nx * ny;
        while (seeds.Count > 0)
        {
            int i = seeds.Pop();
            if (mask[i] != Background) continue;
            int rowIndex = i / nx, row = rowIndex * nx, x = i - row;
            var line = mask.Slice(row, nx);
            int left = line[..x].LastIndexOfAnyExcept(Background) + 1;
            int right = line[x..].IndexOfAnyExcept(Background);
            right = right < 0 ? nx : x + right;
            line[left..right].Fill(Outside);

            int z = rowIndex / ny, y = rowIndex - z * ny;
            if (y > 0) SeedRuns(mask, row - nx, left, right, seeds);
            if (y < ny - 1) SeedRuns(mask, row + nx, left, right, seeds);
            if (z > 0) SeedRuns(mask, row - plane, left, right, seeds);
            if (z < nz - 1) SeedRuns(mask, row + plane, left, right, seeds);
        }
    }

    /// <summary>Pushes the first voxel of every background run within [from, to) of the row starting at <paramref name="row"/>.</summary>
    static void SeedRuns(ReadOnlySpan<byte> mask, int row, int from, int to, Stack<int> seeds)
    {
        var segment = mask.Slice(row + from, to - from);
        int x = 0;
        while (x < segment.Length)
        {
            int start = segment[x..].IndexOf(Background);
            if (start < 0) return;
            x += start;
            seeds.Push(row + from + x);
            int end = segment[x..].IndexOfAnyExcept(Background);
            if (end < 0) return;
            x += end;
        }
    }
}
