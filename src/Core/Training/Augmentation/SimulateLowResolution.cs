using System.Numerics;

namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Simulated low resolution (spec §7 "low res", v1): p 0.25 per sample; each channel with p 0.5 gets a zoom U(0.5, 1),
/// is resized to round(shape * zoom) with nearest neighbour and back with cubic splines, as skimage.transform.resize
/// does it (pixel-centre mapping src = (dst + 0.5) * in/out - 0.5, "edge" border, no anti-aliasing; the spline border
/// is scipy's: 12 edge values padded before the prefilter). Axis 0 keeps its size for dummy 2D and 2D patches.
/// Axes whose size does not change are not touched (both resizes are the identity there). Not thread-safe.
/// </summary>
public sealed class SimulateLowResolution
{
    public const double Probability = 0.25;        // spec §7 low res: p 0.25
    public const double ChannelProbability = 0.5;  // spec §7 low res: p 0.5 per channel
    public const double ZoomLow = 0.5;             // spec §7 low res: zoom U(0.5, 1) per channel
    public const double ZoomHigh = 1.0;
    const int EdgePadding = 12;                    // scipy pads "nearest"-border splines by 12 samples

    readonly bool _keepAxis0;
    float[] _first = [], _second = [], _coefficients = [];
    int[] _index = [];
    float[] _weights = [];

    /// <param name="keepAxis0">True for dummy 2D and 2D patches (v1 ignore_axes (0,)).</param>
    public SimulateLowResolution(bool keepAxis0) => _keepAxis0 = keepAxis0;

    public void Apply(Span<float> data, int channels, PatchShape shape, TrainingRandom random)
    {
        if (random.NextDouble() >= Probability) return;
        for (int c = 0; c < channels; c++)
        {
            if (random.NextDouble() >= ChannelProbability) continue;
            var low = LowShape(shape, random.Uniform(ZoomLow, ZoomHigh), _keepAxis0);
            Resample(data.Slice(c * shape.Voxels, shape.Voxels), shape, low);
        }
    }

    /// <summary>round(shape * zoom) per axis (half to even, like numpy), at least 1; axis 0 unchanged when kept.</summary>
    public static PatchShape LowShape(PatchShape shape, double zoom, bool keepAxis0)
    {
        int Scaled(int n) => Math.Max(1, (int)Math.Round(n * zoom, MidpointRounding.ToEven));
        return new PatchShape(keepAxis0 ? shape.Z : Scaled(shape.Z), Scaled(shape.Y), Scaled(shape.X));
    }

    /// <summary>Down to <paramref name="low"/> (nearest) and back up (cubic), in place.</summary>
    public void Resample(Span<float> channel, PatchShape shape, PatchShape low)
    {
        if (low == shape) return;
        EnsureCapacity(ref _first, shape.Voxels);
        EnsureCapacity(ref _second, shape.Voxels);
        // Sized once for the largest case of every axis, so random zooms never reallocate.
        EnsureCapacity(ref _coefficients, Math.Max((shape.Z + 2 * EdgePadding) * shape.Y * shape.X, (shape.Y + 2 * EdgePadding) * shape.X + shape.X + 2 * EdgePadding));
        int longest = Math.Max(shape.Z, Math.Max(shape.Y, shape.X));
        if (_index.Length < longest) _index = new int[longest];
        if (_weights.Length < 4 * longest) _weights = new float[4 * longest];
        NearestResize.Resize(channel, shape, _first.AsSpan(0, low.Voxels), low);

        // Up along x, then y, then z (the spline is separable), skipping unchanged axes; the last step writes the channel.
        float[] current = _first, spare = _second;
        var currentShape = low;
        int lastAxis = LastChangedAxis(low, shape);
        for (int axis = 2; axis >= 0; axis--)
        {
            if (low[axis] == shape[axis]) continue;
            var nextShape = axis switch
            {
                2 => currentShape with { X = shape.X },
                1 => currentShape with { Y = shape.Y },
                _ => currentShape with { Z = shape.Z },
            };
            int outer = axis == 0 ? 1 : axis == 1 ? currentShape.Z : currentShape.Z * currentShape.Y;
            int inner = axis == 0 ? currentShape.Y * currentShape.X : axis == 1 ? currentShape.X : 1;
            var target = axis == lastAxis ? channel : spare.AsSpan(0, nextShape.Voxels);
            UpsampleAxis(current.AsSpan(0, currentShape.Voxels), outer, currentShape[axis], inner, target, shape[axis]);
            (current, spare) = (spare, current);
            currentShape = nextShape;
        }
    }

    /// <summary>The smallest axis whose size changes: the last one resized up.</summary>
    static int LastChangedAxis(PatchShape low, PatchShape shape)
    {
        for (int axis = 0; axis < 3; axis++)
            if (low[axis] != shape[axis]) return axis;
        return -1;
    }

    /// <summary>
    /// Cubic-spline resize of the middle axis of an (outer, n, inner) array to (outer, m, inner): the n lines are
    /// padded with 12 edge copies on both sides, prefiltered (mirror) and evaluated at (i + 0.5) * n/m - 0.5.
    /// </summary>
    unsafe void UpsampleAxis(ReadOnlySpan<float> source, int outer, int n, int inner, Span<float> target, int m)
    {
        int padded = n + 2 * EdgePadding;
        EnsureCapacity(ref _coefficients, padded * inner);
        if (_index.Length < m) _index = new int[m];
        if (_weights.Length < 4 * m) _weights = new float[4 * m];
        double ratio = (double)n / m;
        for (int i = 0; i < m; i++)
        {
            double s = (i + 0.5) * ratio - 0.5 + EdgePadding;
            int k = (int)Math.Floor(s);
            _index[i] = k - 1;
            CubicBSpline.Weights((float)(s - k), out _weights[4 * i], out _weights[4 * i + 1], out _weights[4 * i + 2], out _weights[4 * i + 3]);
        }
        fixed (float* coefficients = _coefficients)
        {
            for (int o = 0; o < outer; o++)
            {
                var block = source.Slice(o * n * inner, n * inner);
                var output = target.Slice(o * m * inner, m * inner);
                if (inner == 1)
                {
                    // One line: pad with edge values, prefilter, evaluate four taps per output.
                    var line = _coefficients.AsSpan(0, padded);
                    line[..EdgePadding].Fill(block[0]);
                    block.CopyTo(line[EdgePadding..]);
                    line[(EdgePadding + n)..].Fill(block[n - 1]);
                    CubicBSpline.PrefilterLines(coefficients, 1, padded);
                    for (int i = 0; i < m; i++)
                    {
                        float* taps = coefficients + _index[i];
                        output[i] = taps[0] * _weights[4 * i] + taps[1] * _weights[4 * i + 1] + taps[2] * _weights[4 * i + 2] + taps[3] * _weights[4 * i + 3];
                    }
                    continue;
                }
                for (int r = 0; r < padded; r++)
                    block.Slice(Math.Clamp(r - EdgePadding, 0, n - 1) * inner, inner).CopyTo(_coefficients.AsSpan(r * inner, inner));
                CubicBSpline.PrefilterRows(coefficients, padded, inner, inner);
                for (int i = 0; i < m; i++)
                    WeightedSum(output.Slice(i * inner, inner), _coefficients.AsSpan(_index[i] * inner, 4 * inner), inner, _weights.AsSpan(4 * i, 4));
            }
        }
    }

    /// <summary>row = sum over the 4 consecutive tap rows (each <paramref name="inner"/> long) times their weights.</summary>
    static void WeightedSum(Span<float> row, ReadOnlySpan<float> taps, int inner, ReadOnlySpan<float> w)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> w0 = new(w[0]), w1 = new(w[1]), w2 = new(w[2]), w3 = new(w[3]);
            for (; i <= inner - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(taps[i..]) * w0 + new Vector<float>(taps[(inner + i)..]) * w1
                 + new Vector<float>(taps[(2 * inner + i)..]) * w2 + new Vector<float>(taps[(3 * inner + i)..]) * w3).CopyTo(row[i..]);
        }
        for (; i < inner; i++)
            row[i] = taps[i] * w[0] + taps[inner + i] * w[1] + taps[2 * inner + i] * w[2] + taps[3 * inner + i] * w[3];
    }

    static void EnsureCapacity(ref float[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new float[length];
    }
}
