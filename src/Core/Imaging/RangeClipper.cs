using System.Numerics;
using System.Runtime.InteropServices;

namespace NnUNet.Core.Imaging;

/// <summary>
/// The value range of each resize call and the clipping of its result to it (skimage resize clips to the
/// input's [min, max]). A resize call covers one channel, or with separate z one slice across the separate axis
/// of one channel; ranges are numbered channel * slices + slice.
/// </summary>
internal sealed class RangeClipper
{
    readonly int? _axis;
    readonly int _slices;
    readonly float[] _min, _max;

    RangeClipper(int? axis, int slices, int ranges)
    {
        _axis = axis;
        _slices = slices;
        _min = new float[ranges];
        _max = new float[ranges];
        Array.Fill(_min, float.PositiveInfinity);
        Array.Fill(_max, float.NegativeInfinity);
    }

    /// <summary>The separate axis the ranges are per slice of, or null for per-channel ranges.</summary>
    public int? Axis => _axis;

    /// <summary>Measures the ranges of <paramref name="data"/> (c, z, y, x) per channel, or per channel and
    /// slice across <paramref name="axis"/>.</summary>
    public static RangeClipper Measure(float[] data, int channels, int[] shape, int? axis)
    {
        var layout = new Layout(channels, shape, axis);
        var clipper = new RangeClipper(axis, layout.Slices, channels * layout.Slices);
        for (int row = 0; row < layout.Rows; row++)
        {
            int range = layout.RangeOf(row);
            float min = clipper._min[range], max = clipper._max[range];
            MinMax(data.AsSpan(row * layout.RowLength, layout.RowLength), ref min, ref max);
            clipper._min[range] = min;
            clipper._max[range] = max;
        }
        return clipper;
    }

    /// <summary>The ranges of slices [<paramref name="first"/>, + <paramref name="count"/>) across the separate axis,
    /// for clipping a block that holds only those slices.</summary>
    public RangeClipper ForSlices(int first, int count)
    {
        if (_axis is null) throw new InvalidOperationException("Per-channel ranges have no slices.");
        if (first < 0 || count < 1 || first + count > _slices) throw new ArgumentOutOfRangeException(nameof(count));
        int channels = _min.Length / _slices;
        var part = new RangeClipper(_axis, count, channels * count);
        for (int c = 0; c < channels; c++)
        {
            Array.Copy(_min, c * _slices + first, part._min, c * count, count);
            Array.Copy(_max, c * _slices + first, part._max, c * count, count);
        }
        return part;
    }

    /// <summary>Clips the resized <paramref name="data"/> of spatial <paramref name="shape"/> (same channels, same
    /// size across the separate axis) to the measured ranges.</summary>
    public void Clip(float[] data, int channels, int[] shape, int maxDegreeOfParallelism)
    {
        var layout = new Layout(channels, shape, _axis);
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : -1 };
        // Rows can be single values (separate axis = x), so hand out chunks of rows.
        int chunk = Math.Max(1, 65536 / layout.RowLength);
        Parallel.For(0, (layout.Rows + chunk - 1) / chunk, options, c =>
        {
            int end = Math.Min(layout.Rows, (c + 1) * chunk);
            for (int row = c * chunk; row < end; row++)
            {
                int range = layout.RangeOf(row);
                ClipSpan(data.AsSpan(row * layout.RowLength, layout.RowLength), _min[range], _max[range]);
            }
        });
    }

    static void ClipSpan(Span<float> span, float min, float max)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(span);
            var vMin = new Vector<float>(min);
            var vMax = new Vector<float>(max);
            for (int v = 0; v < vectors.Length; v++) vectors[v] = Vector.Min(Vector.Max(vectors[v], vMin), vMax);
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < span.Length; i++) span[i] = Math.Clamp(span[i], min, max);
    }

    static void MinMax(ReadOnlySpan<float> span, ref float min, ref float max)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && span.Length >= Vector<float>.Count)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(span);
            var vMin = new Vector<float>(min);
            var vMax = new Vector<float>(max);
            foreach (var v in vectors) { vMin = Vector.Min(vMin, v); vMax = Vector.Max(vMax, v); }
            for (int l = 0; l < Vector<float>.Count; l++) { min = Math.Min(min, vMin[l]); max = Math.Max(max, vMax[l]); }
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < span.Length; i++) { min = Math.Min(min, span[i]); max = Math.Max(max, span[i]); }
    }

    /// <summary>The array as contiguous rows ((channel, before, slice) -> row of the axes after the slice axis).</summary>
    readonly struct Layout
    {
        public Layout(int channels, int[] shape, int? axis)
        {
            int a = axis ?? -1;
            int before = 1, after = 1;
            for (int i = 0; i < 3; i++)
            {
                if (i < a) before *= shape[i];
                else if (i > a) after *= shape[i];
            }
            Slices = axis is null ? 1 : shape[a];
            Before = before;
            RowLength = after;
            Rows = channels * before * Slices;
        }

        public int Slices { get; }
        public int Before { get; }
        public int RowLength { get; }
        public int Rows { get; }

        /// <summary>row = (channel * before + b) * slices + slice.</summary>
        public int RangeOf(int row) => row / Slices / Before * Slices + row % Slices;
    }
}
