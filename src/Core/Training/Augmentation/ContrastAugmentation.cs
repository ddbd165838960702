namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Contrast (spec §7 "contrast", v1): p 0.15 per sample; per channel a factor drawn half the time from U(0.75, 1) and
/// otherwise from U(1, 1.25); (x - mean) * factor + mean, clipped to the channel's old [min, max].
/// </summary>
public static class ContrastAugmentation
{
    public const double Probability = 0.15; // spec §7 contrast: p 0.15
    public const double FactorLow = 0.75;   // spec §7 contrast: factor 50 % U(0.75, 1) else U(1, 1.25)
    public const double FactorHigh = 1.25;

    public static void Apply(Span<float> data, int channels, TrainingRandom random)
    {
        if (random.NextDouble() >= Probability) return;
        int voxels = data.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            double factor = random.NextDouble() < 0.5 ? random.Uniform(FactorLow, 1) : random.Uniform(1, FactorHigh);
            Adjust(data.Slice(c * voxels, voxels), factor);
        }
    }

    public static void Adjust(Span<float> channel, double factor)
    {
        if (channel.IsEmpty) return;
        double sum = 0;
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in channel)
        {
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        double mean = sum / channel.Length;
        for (int i = 0; i < channel.Length; i++)
            channel[i] = Math.Clamp((float)((channel[i] - mean) * factor + mean), min, max);
    }
}
