using System.Numerics;

namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Gaussian blur (spec §7 "blur", v1): p 0.2 per sample, each channel with p 0.5 and its own sigma U(0.5, 1), the same
/// sigma along every spatial axis. Like scipy.ndimage.gaussian_filter: kernel radius int(4 sigma + 0.5), normalised
/// weights, "reflect" border (d c b a | a b c d | d c b a). Axes of size 1 (z of a 2D patch) are left alone,
/// which is what the reflect border makes of them anyway. Not thread-safe (scratch buffers).
/// </summary>
public sealed class GaussianBlur
{
    public const double Probability = 0.2;         // spec §7 blur: p 0.2
    public const double ChannelProbability = 0.5;  // spec §7 blur: p 0.5 per channel
    public const double SigmaLow = 0.5;            // spec §7 blur: sigma U(0.5, 1) per channel
    public const double SigmaHigh = 1.0;
    const double Truncate = 4.0;                   // scipy gaussian_filter default

    float[] _scratch = [];
    float[] _line = [];
    float[] _kernel = [];

    public void Apply(Span<float> data, int channels, PatchShape shape, TrainingRandom random)
    {
        if (random.NextDouble() >= Probability) return;
        for (int c = 0; c < channels; c++)
        {
            if (random.NextDouble() >= ChannelProbability) continue;
            Blur(data.Slice(c * shape.Voxels, shape.Voxels), shape, random.Uniform(SigmaLow, SigmaHigh));
        }
    }

    public void Blur(Span<float> channel, PatchShape shape, double sigma)
    {
        var kernel = Kernel(sigma);
        if (shape.X > 1) BlurRows(channel, shape, kernel);
        if (shape.Y > 1)
            for (int z = 0; z < shape.Z; z++)
                BlurOuterAxis(channel.Slice(z * shape.Y * shape.X, shape.Y * shape.X), shape.Y, shape.X, kernel);
        if (shape.Z > 1) BlurOuterAxis(channel, shape.Z, shape.Y * shape.X, kernel);
    }

    ReadOnlySpan<float> Kernel(double sigma)
    {
        int radius = (int)(Truncate * sigma + 0.5);
        if (_kernel.Length < 2 * radius + 1) _kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) sum += Math.Exp(-0.5 / (sigma * sigma) * k * k);
        for (int k = -radius; k <= radius; k++) _kernel[k + radius] = (float)(Math.Exp(-0.5 / (sigma * sigma) * k * k) / sum);
        return _kernel.AsSpan(0, 2 * radius + 1);
    }

    /// <summary>scipy "reflect": index i of a line of n, mirrored about the half-sample edges.</summary>
    static int Reflect(int i, int n)
    {
        int period = 2 * n;
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - 1 - i;
    }

    void BlurRows(Span<float> channel, PatchShape shape, ReadOnlySpan<float> kernel)
    {
        int radius = kernel.Length / 2, n = shape.X;
        if (_line.Length < n + 2 * radius) _line = new float[n + 2 * radius];
        var line = _line.AsSpan(0, n + 2 * radius);
        for (int row = 0; row < shape.Z * shape.Y; row++)
        {
            var values = channel.Slice(row * n, n);
            for (int i = 0; i < line.Length; i++) line[i] = values[Reflect(i - radius, n)];
            for (int i = 0; i < n; i++)
            {
                float sum = 0;
                for (int k = 0; k < kernel.Length; k++) sum += kernel[k] * line[i + k];
                values[i] = sum;
            }
        }
    }

    /// <summary>Blurs along an axis whose lines are n rows of <paramref name="rowLength"/> contiguous values (vectorised over the row).</summary>
    void BlurOuterAxis(Span<float> block, int n, int rowLength, ReadOnlySpan<float> kernel)
    {
        int radius = kernel.Length / 2;
        if (_scratch.Length < block.Length) _scratch = new float[block.Length];
        var source = _scratch.AsSpan(0, block.Length);
        block.CopyTo(source);
        for (int i = 0; i < n; i++)
        {
            var target = block.Slice(i * rowLength, rowLength);
            target.Clear();
            for (int k = 0; k < kernel.Length; k++)
                AddScaled(target, source.Slice(Reflect(i + k - radius, n) * rowLength, rowLength), kernel[k]);
        }
    }

    static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float weight)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(target[i..]) + new Vector<float>(source[i..]) * w).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++) target[i] += source[i] * weight;
    }
}
