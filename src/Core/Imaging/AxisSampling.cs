namespace NnUNet.Core.Imaging;

/// <summary>
/// Where each output sample of one axis reads its input, for a zoom from <see cref="InputLength"/> to
/// <see cref="OutputLength"/> samples: output k sits at source coordinate (k + 0.5) * in/out - 0.5 (the grid
/// mapping of skimage resize and of v1's separate-z coordinates), boundaries extended by the nearest sample.
/// Cubic sampling reads a line padded by <see cref="Padding"/> replicated samples on each side, as scipy's zoom
/// does before its spline prefilter; indices and coordinates are then in padded positions.
/// The weights and their summation order reproduce scipy.ndimage's, so a single axis is bit-exact.
/// </summary>
internal sealed class AxisSampling
{
    /// <summary>Edge samples replicated on each side of a line before the cubic prefilter (scipy's prepad).</summary>
    public const int CubicPadding = 12;

    AxisSampling(int inputLength, int outputLength, InterpolationOrder order)
    {
        InputLength = inputLength;
        OutputLength = outputLength;
        Order = order;
        Padding = order == InterpolationOrder.Cubic ? CubicPadding : 0;
        Taps = (int)order + 1;
        Indices = new int[outputLength * Taps];
        Weights = new double[outputLength * Taps];
    }

    public int InputLength { get; }
    public int OutputLength { get; }
    public InterpolationOrder Order { get; }

    /// <summary>Samples added on each side of the line (cubic only).</summary>
    public int Padding { get; }

    /// <summary>Length of the (padded) line the indices refer to.</summary>
    public int PaddedLength => InputLength + 2 * Padding;

    /// <summary>Input samples read per output sample: order + 1.</summary>
    public int Taps { get; }

    /// <summary>For output k, <see cref="Taps"/> indices into the padded line, clamped to it.</summary>
    public int[] Indices { get; }

    /// <summary>For output k, the weight of each tap (1 for nearest).</summary>
    public double[] Weights { get; }

    /// <summary>Whether the sampled line must first be turned into B-spline coefficients.</summary>
    public bool NeedsPrefilter => Order == InterpolationOrder.Cubic;

    /// <summary>
    /// The part of this sampling that produces outputs [<paramref name="firstOutput"/>, + <paramref name="count"/>):
    /// it reads only the input samples those outputs use, starting at <paramref name="firstInput"/>, with the same
    /// weights, so each of those outputs is computed exactly as by the whole sampling. Orders 0 and 1 only (the
    /// cubic prefilter runs over the whole line).
    /// </summary>
    public AxisSampling Slice(int firstOutput, int count, out int firstInput)
    {
        if (Padding != 0) throw new InvalidOperationException("A cubic sampling cannot be split: its prefilter needs the whole line.");
        if (firstOutput < 0 || count < 1 || firstOutput + count > OutputLength)
            throw new ArgumentOutOfRangeException(nameof(count), $"Outputs [{firstOutput}, {firstOutput + count}) are outside 0..{OutputLength}.");
        int from = firstOutput * Taps, to = (firstOutput + count) * Taps;
        firstInput = int.MaxValue;
        int lastInput = int.MinValue;
        for (int i = from; i < to; i++)
        {
            firstInput = Math.Min(firstInput, Indices[i]);
            lastInput = Math.Max(lastInput, Indices[i]);
        }
        var slice = new AxisSampling(lastInput - firstInput + 1, count, Order);
        for (int i = from; i < to; i++)
        {
            slice.Indices[i - from] = Indices[i] - firstInput;
            slice.Weights[i - from] = Weights[i];
        }
        return slice;
    }

    public static AxisSampling Create(int inputLength, int outputLength, InterpolationOrder order)
    {
        if (inputLength < 1 || outputLength < 1) throw new ArgumentOutOfRangeException(nameof(inputLength));
        var s = new AxisSampling(inputLength, outputLength, order);
        double zoom = (double)inputLength / outputLength;
        int last = s.PaddedLength - 1;
        Span<double> w = stackalloc double[4];
        for (int k = 0; k < outputLength; k++)
        {
            // Same operation order as scipy's zoom_shift with grid_mode (and as v1's map_coordinates grid).
            double cc = k;
            cc += 0.5;
            cc *= zoom;
            cc -= 0.5;
            cc += s.Padding;
            int start;
            switch (order)
            {
                case InterpolationOrder.Nearest:
                    start = (int)Math.Floor(cc + 0.5);
                    w[0] = 1;
                    break;
                case InterpolationOrder.Linear:
                {
                    double floor = Math.Floor(cc);
                    start = (int)floor;
                    double x = cc - floor;
                    w[0] = 1.0 - x;
                    w[1] = 1.0 - w[0];
                    break;
                }
                case InterpolationOrder.Cubic:
                {
                    double floor = Math.Floor(cc);
                    start = (int)floor - 1;
                    double y = cc - floor, z = 1.0 - y;
                    w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
                    w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
                    w[0] = z * z * z / 6.0;
                    w[3] = 1.0 - w[0] - w[1] - w[2];
                    break;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(order), order, "Supported orders are 0, 1 and 3.");
            }
            for (int h = 0; h < s.Taps; h++)
            {
                s.Indices[k * s.Taps + h] = Math.Clamp(start + h, 0, last);
                s.Weights[k * s.Taps + h] = w[h];
            }
        }
        return s;
    }
}
