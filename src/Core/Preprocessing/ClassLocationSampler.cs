using System.Numerics;
using System.Runtime.InteropServices;
using NnUNet.Core.Numerics;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// The stored voxel positions foreground oversampling picks patch centres from (spec §5 "Class locations"),
/// identical to nnU-Net v1's preprocessing: one <c>RandomState(1234)</c> per case, used by the classes in the
/// order of the plan's class list (ascending); for class c the voxels equal to c in C order (np.argwhere),
/// n = max(min(10000, count), ceil(count * 0.01)) of them chosen by <c>choice(count, n, replace=False)</c>,
/// kept in the chosen order. A class without voxels gets no locations (and draws nothing).
/// </summary>
public static class ClassLocationSampler
{
    /// <summary>Seed of the per-case random state. spec §5</summary>
    public const int Seed = 1234;

    /// <summary>Locations kept per class, unless the coverage floor asks for more. spec §5</summary>
    public const int MaxSamplesPerClass = 10000;

    /// <summary>Share of a class's voxels kept at least. spec §5</summary>
    public const double MinCoverage = 0.01;

    /// <summary>Class values span at most this range (labels are small integers).</summary>
    const int MaxClassRange = 1 << 16;

    /// <summary>How many of <paramref name="count"/> voxels of a class are kept: max(min(10000, count), ceil(count * 0.01)).</summary>
    public static int SampleCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int n = Math.Min(MaxSamplesPerClass, count);
        return Math.Max(n, (int)Math.Ceiling(count * MinCoverage));
    }

    /// <summary>
    /// The locations of each class in <paramref name="classes"/>, as rows (z, y, x) of an n x 3 array.
    /// <paramref name="labels"/> is the case's label volume of <paramref name="shape"/> (z, y, x) in C order;
    /// any other value (background, -1 outside the non-zero mask, non-integers) is ignored. Two passes over the
    /// volume: one counts the voxels of each class, the other collects only the chosen ones.
    /// </summary>
    public static IReadOnlyDictionary<int, int[,]> Sample<T>(ReadOnlySpan<T> labels, ReadOnlySpan<int> shape, IReadOnlyList<int> classes)
        where T : unmanaged, INumber<T>
    {
        if (shape.Length != 3) throw new ArgumentException("The shape must be (z, y, x).", nameof(shape));
        if ((long)shape[0] * shape[1] * shape[2] != labels.Length || shape[0] < 0 || shape[1] < 0 || shape[2] < 0)
            throw new ArgumentException($"Shape {string.Join(" x ", shape.ToArray())} does not hold {labels.Length} voxels.", nameof(shape));
        var lookup = new ClassLookup<T>(classes);

        int[] counts = new int[classes.Count];
        (int first, int last) = CountVoxels(labels, lookup, counts);

        var rng = new NumpyRandomState(Seed);
        var chosen = new int[classes.Count][];
        var locations = new int[classes.Count][,];
        for (int s = 0; s < classes.Count; s++)
        {
            chosen[s] = counts[s] == 0 ? [] : rng.Choice(counts[s], SampleCount(counts[s]));
            locations[s] = new int[chosen[s].Length, 3];
        }
        if (first <= last) CollectChosen(labels[first..(last + 1)], first, shape[1], shape[2], lookup, chosen, locations);
        var result = new Dictionary<int, int[,]>(classes.Count);
        for (int s = 0; s < classes.Count; s++) result[classes[s]] = locations[s];
        return result;
    }

    // Pass 1: voxels per class, and the flat range holding all of them.
    static (int First, int Last) CountVoxels<T>(ReadOnlySpan<T> labels, ClassLookup<T> lookup, int[] counts)
        where T : unmanaged, INumber<T>
    {
        int first = int.MaxValue, last = -1;
        int i = 0;
        while ((i = lookup.NextCandidate(labels, i)) < labels.Length)
        {
            int slot = lookup.Slot(labels[i]);
            if (slot >= 0)
            {
                counts[slot]++;
                if (first == int.MaxValue) first = i;
                last = i;
            }
            i++;
        }
        return (first, last);
    }

    // Pass 2: walks the voxels of each class again in C order and writes the coordinates of the chosen
    // ordinals into the row where choice() put them.
    static void CollectChosen<T>(ReadOnlySpan<T> labels, int offset, int height, int width, ClassLookup<T> lookup,
        int[][] chosen, int[][,] output)
        where T : unmanaged, INumber<T>
    {
        int slots = chosen.Length;
        var sortedOrdinals = new int[slots][];
        var rows = new int[slots][];
        var next = new int[slots];
        var ordinal = new int[slots];
        int remaining = 0;
        for (int s = 0; s < slots; s++)
        {
            sortedOrdinals[s] = (int[])chosen[s].Clone();
            rows[s] = Enumerable.Range(0, chosen[s].Length).ToArray();
            Array.Sort(sortedOrdinals[s], rows[s]);
            remaining += chosen[s].Length;
        }

        long plane = (long)height * width;
        int i = 0;
        while (remaining > 0 && (i = lookup.NextCandidate(labels, i)) < labels.Length)
        {
            int s = lookup.Slot(labels[i]);
            if (s >= 0)
            {
                int k = next[s];
                if (k < sortedOrdinals[s].Length && sortedOrdinals[s][k] == ordinal[s])
                {
                    long flat = offset + (long)i;
                    long z = flat / plane, inPlane = flat - z * plane;
                    int row = rows[s][k];
                    output[s][row, 0] = (int)z;
                    output[s][row, 1] = (int)(inPlane / width);
                    output[s][row, 2] = (int)(inPlane % width);
                    next[s] = k + 1;
                    remaining--;
                }
                ordinal[s]++;
            }
            i++;
        }
    }

    /// <summary>Maps a label value to the index of its class in the list, or -1.</summary>
    sealed class ClassLookup<T> where T : unmanaged, INumber<T>
    {
        readonly int _min;
        readonly int[] _slotByValue;
        readonly T _low, _high;

        public ClassLookup(IReadOnlyList<int> classes)
        {
            if (classes.Count == 0)
            {
                _slotByValue = [];
                _low = T.One;
                _high = T.Zero; // empty range: nothing matches
                return;
            }
            int min = classes.Min(), max = classes.Max();
            if ((long)max - min >= MaxClassRange)
                throw new ArgumentOutOfRangeException(nameof(classes), $"Class values {min}..{max} span more than {MaxClassRange}.");
            if (int.CreateTruncating(T.CreateTruncating(min)) != min || int.CreateTruncating(T.CreateTruncating(max)) != max)
                throw new ArgumentOutOfRangeException(nameof(classes), $"Class values {min}..{max} do not fit the label type {typeof(T).Name}.");
            _min = min;
            _slotByValue = new int[max - min + 1];
            Array.Fill(_slotByValue, -1);
            for (int s = 0; s < classes.Count; s++)
            {
                ref int slot = ref _slotByValue[classes[s] - min];
                if (slot >= 0) throw new ArgumentException($"Class {classes[s]} is listed twice.", nameof(classes));
                slot = s;
            }
            _low = T.CreateTruncating(min);
            _high = T.CreateTruncating(max);
        }

        public int Slot(T value)
        {
            if (!(value >= _low && value <= _high)) return -1; // also rejects NaN
            int v = int.CreateTruncating(value);
            return T.CreateTruncating(v) == value ? _slotByValue[v - _min] : -1;
        }

        /// <summary>The first index at or after <paramref name="start"/> whose value lies in the class range
        /// (or the length): skips background a vector at a time.</summary>
        public int NextCandidate(ReadOnlySpan<T> labels, int start)
        {
            int i = start;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                var low = new Vector<T>(_low);
                var high = new Vector<T>(_high);
                ref T origin = ref MemoryMarshal.GetReference(labels);
                int width = Vector<T>.Count;
                for (; i <= labels.Length - width; i += width)
                {
                    var v = Vector.LoadUnsafe(ref origin, (nuint)i);
                    var inRange = Vector.GreaterThanOrEqual(v, low) & Vector.LessThanOrEqual(v, high);
                    if (Vector.AsVectorByte(inRange) != Vector<byte>.Zero) break;
                }
            }
            for (; i < labels.Length; i++)
            {
                T value = labels[i];
                if (value >= _low && value <= _high) return i;
            }
            return i;
        }
    }
}
