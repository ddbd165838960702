using System.Runtime.InteropServices;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// The 6-connected components (scipy.ndimage.label's default structure in 3D, spec §9) of the voxels of a label
/// map whose value is one of a set of classes. Components are built from runs along x, joined by union-find with
/// the overlapping runs of the row above and of the same row in the slice before: no recursion, and memory in
/// proportion to the number of runs, not voxels. Components are numbered in raster order of their first voxel.
/// </summary>
public sealed class ConnectedComponents
{
    readonly int[] shape;
    readonly int[] rowFirstRun; // runs of row r (= z * Y + y) are rowFirstRun[r] .. rowFirstRun[r + 1] - 1
    readonly int[] runStart, runEnd; // x range [start, end) of each run
    readonly int[] runComponent;

    ConnectedComponents(int[] shape, int[] rowFirstRun, int[] runStart, int[] runEnd, int[] runComponent, long[] sizes)
    {
        this.shape = shape;
        this.rowFirstRun = rowFirstRun;
        this.runStart = runStart;
        this.runEnd = runEnd;
        this.runComponent = runComponent;
        Sizes = sizes;
    }

    /// <summary>Number of components.</summary>
    public int Count => Sizes.Count;

    /// <summary>Voxels of each component, by component number (raster order of the first voxel).</summary>
    public IReadOnlyList<long> Sizes { get; }

    /// <summary>
    /// Finds the components of the voxels of <paramref name="labels"/> (shape (z, y, x)) whose value is in
    /// <paramref name="classes"/> (foreground classes; several classes form one mask, as v1's merged foreground).
    /// </summary>
    public static ConnectedComponents Find(ReadOnlySpan<float> labels, int[] shape, IReadOnlyCollection<int> classes)
    {
        var member = Classes(classes);
        // Scan the bits: +0.0 (background) and equal values are then found by vectorised search.
        return Find(MemoryMarshal.Cast<float, int>(labels), shape, bits => member.IndexOf(BitConverter.Int32BitsToSingle(bits)) >= 0);
    }

    /// <inheritdoc cref="Find(ReadOnlySpan{float}, int[], IReadOnlyCollection{int})"/>
    public static ConnectedComponents Find(LabelMap labels, IReadOnlyCollection<int> classes)
    {
        var member = Classes(classes);
        return labels.DataType == NiftiDataType.UInt8
            ? Find<byte>(labels.Voxels<byte>(), labels.Shape, v => member.IndexOf(v) >= 0)
            : Find<ushort>(labels.Voxels<ushort>(), labels.Shape, v => member.IndexOf(v) >= 0);
    }

    static LabelIndex Classes(IReadOnlyCollection<int> classes)
    {
        if (classes.Count == 0 || classes.Contains(0))
            throw new ArgumentException("Components are of foreground classes: give at least one, and not 0.", nameof(classes));
        return new LabelIndex(classes.ToList());
    }

    /// <summary>The components of the voxels <paramref name="member"/> accepts; all-zero bits are background.</summary>
    static ConnectedComponents Find<T>(ReadOnlySpan<T> values, int[] shape, Func<T, bool> member) where T : unmanaged, IEquatable<T>
    {
        if (shape.Length != 3 || (long)shape[0] * shape[1] * shape[2] != values.Length)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) does not hold {values.Length} voxels.", nameof(shape));
        int depth = shape[0], height = shape[1], width = shape[2];
        var runs = new RunBuilder(Math.Max(16, depth * height));
        var rowFirstRun = new int[depth * height + 1];
        for (int z = 0; z < depth; z++)
        {
            for (int y = 0; y < height; y++)
            {
                int row = z * height + y;
                rowFirstRun[row] = runs.Count;
                ReadOnlySpan<T> line = values.Slice(row * width, width);
                int open = -1;
                for (int x = 0; x < width;)
                {
                    // Each step takes a whole stretch of one value (vectorised search for its end).
                    T value = line[x];
                    int next = line[(x + 1)..].IndexOfAnyExcept(value);
                    int end = next < 0 ? width : x + 1 + next;
                    bool inside = !value.Equals(default) && member(value);
                    if (inside && open < 0) open = x;
                    else if (!inside && open >= 0)
                    {
                        runs.Add(open, x);
                        open = -1;
                    }
                    x = end;
                }
                if (open >= 0) runs.Add(open, width);
                if (y > 0) runs.Join(rowFirstRun[row - 1], rowFirstRun[row], rowFirstRun[row], runs.Count);
                if (z > 0) runs.Join(rowFirstRun[row - height], rowFirstRun[row - height + 1], rowFirstRun[row], runs.Count);
            }
        }
        rowFirstRun[depth * height] = runs.Count;
        var (component, sizes) = runs.Components();
        return new ConnectedComponents(shape, rowFirstRun, runs.Starts, runs.Ends, component, sizes);
    }

    /// <summary>Writes the component number + 1 of every voxel (0 outside), as scipy.ndimage.label's label image.</summary>
    public void FillLabelMap(Span<int> map)
    {
        map.Clear();
        foreach (var (offset, length, component) in Runs(_ => true)) map.Slice(offset, length).Fill(component + 1);
    }

    /// <summary>Sets the voxels of every component <paramref name="remove"/> selects to 0 (background); returns how many.</summary>
    public long Remove(Span<float> labels, Func<int, bool> remove) => Remove<float>(labels, remove);

    /// <inheritdoc cref="Remove(Span{float}, Func{int, bool})"/>
    public long Remove(LabelMap labels, Func<int, bool> remove) => labels.DataType == NiftiDataType.UInt8
        ? Remove(labels.Voxels<byte>(), remove)
        : Remove(labels.Voxels<ushort>(), remove);

    long Remove<T>(Span<T> labels, Func<int, bool> remove) where T : unmanaged
    {
        long removed = 0;
        foreach (var (offset, length, _) in Runs(remove))
        {
            labels.Slice(offset, length).Clear();
            removed += length;
        }
        return removed;
    }

    /// <summary>Flat offset, length and component of each run whose component <paramref name="select"/> accepts.</summary>
    IEnumerable<(int Offset, int Length, int Component)> Runs(Func<int, bool> select)
    {
        int width = shape[2];
        for (int row = 0; row + 1 < rowFirstRun.Length; row++)
            for (int k = rowFirstRun[row]; k < rowFirstRun[row + 1]; k++)
                if (select(runComponent[k])) yield return (row * width + runStart[k], runEnd[k] - runStart[k], runComponent[k]);
    }

    /// <summary>Growable run arrays with a union-find forest over the runs.</summary>
    sealed class RunBuilder(int capacity)
    {
        int[] starts = new int[capacity], ends = new int[capacity], parent = new int[capacity];

        public int Count { get; private set; }
        public int[] Starts => starts;
        public int[] Ends => ends;

        public void Add(int start, int end)
        {
            if (Count == starts.Length)
            {
                int grown = checked(starts.Length * 2);
                Array.Resize(ref starts, grown);
                Array.Resize(ref ends, grown);
                Array.Resize(ref parent, grown);
            }
            starts[Count] = start;
            ends[Count] = end;
            parent[Count] = Count;
            Count++;
        }

        /// <summary>Unites the runs of two rows that share an x (face neighbours), walking both sorted lists once.</summary>
        public void Join(int a, int aEnd, int b, int bEnd)
        {
            while (a < aEnd && b < bEnd)
            {
                if (starts[a] < ends[b] && starts[b] < ends[a]) Union(a, b);
                if (ends[a] < ends[b]) a++;
                else b++;
            }
        }

        void Union(int a, int b)
        {
            int ra = Root(a), rb = Root(b);
            // The smaller index is the root, so every root is the first run (in raster order) of its component.
            if (ra < rb) parent[rb] = ra;
            else if (rb < ra) parent[ra] = rb;
        }

        int Root(int k)
        {
            while (parent[k] != k)
            {
                parent[k] = parent[parent[k]]; // path halving
                k = parent[k];
            }
            return k;
        }

        /// <summary>Component number of every run (raster order of first runs) and voxels per component.</summary>
        public (int[] Component, long[] Sizes) Components()
        {
            var component = new int[Count];
            var sizes = new List<long>();
            for (int k = 0; k < Count; k++)
            {
                int root = Root(k);
                if (root == k)
                {
                    component[k] = sizes.Count;
                    sizes.Add(0);
                }
                else component[k] = component[root]; // root < k: numbered already
                sizes[component[k]] += ends[k] - starts[k];
            }
            Array.Resize(ref starts, Count);
            Array.Resize(ref ends, Count);
            return (component, sizes.ToArray());
        }
    }
}
