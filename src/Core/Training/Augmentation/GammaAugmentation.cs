namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Gamma (spec §7 "gamma" and "gamma inverted", v1): per channel, gamma drawn half the time from U(0.7, 1) and
/// otherwise from U(1, 1.5); x -&gt; ((x - min)/(range + 1e-7))^gamma * range + min, then the channel's mean and std are
/// restored (retain_stats). The inverted variant negates the channel before and after. p 0.3 and 0.1 per sample.
/// </summary>
public sealed class GammaAugmentation
{
    public const double Probability = 0.3;          // spec §7 gamma: p 0.3
    public const double InvertedProbability = 0.1;  // spec §7 gamma inverted: p 0.1
    public const double GammaLow = 0.7;             // spec §7 gamma: 50 % U(0.7, 1) else U(1, 1.5)
    public const double GammaHigh = 1.5;
    const double RangeEpsilon = 1e-7;               // spec §7 gamma: (range + 1e-7)
    const double StdEpsilon = 1e-8;                 // batchgenerators retain_stats: / (std + 1e-8) * old std

    public GammaAugmentation(bool inverted) => Inverted = inverted;

    public bool Inverted { get; }

    public void Apply(Span<float> data, int channels, TrainingRandom random)
    {
        if (random.NextDouble() >= (Inverted ? InvertedProbability : Probability)) return;
        int voxels = data.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            double gamma = random.NextDouble() < 0.5 ? random.Uniform(GammaLow, 1) : random.Uniform(1, GammaHigh);
            Transform(data.Slice(c * voxels, voxels), gamma, Inverted);
        }
    }

    /// <summary>Gamma with retained mean and std on one channel.</summary>
    public static void Transform(Span<float> channel, double gamma, bool inverted)
    {
        if (channel.IsEmpty) return;
        float sign = inverted ? -1 : 1;
        var (mean, std) = MeanStd(channel);
        mean *= sign;
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in channel)
        {
            float flipped = sign * v;
            if (flipped < min) min = flipped;
            if (flipped > max) max = flipped;
        }
        float range = max - min, toUnit = (float)(1 / (range + RangeEpsilon)), g = (float)gamma;
        for (int i = 0; i < channel.Length; i++)
            channel[i] = MathF.Pow((sign * channel[i] - min) * toUnit, g) * range + min;
        var (newMean, newStd) = MeanStd(channel);
        float restore = (float)(std / (newStd + StdEpsilon)), shift = (float)(mean - newMean * restore);
        for (int i = 0; i < channel.Length; i++)
            channel[i] = sign * (channel[i] * restore + shift);
    }

    static (double Mean, double Std) MeanStd(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        double mean = sum / values.Length, squares = 0;
        foreach (float v in values) squares += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(squares / values.Length));
    }
}
