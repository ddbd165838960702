namespace NnUNet.Core.Training.Augmentation;

/// <summary>Multiplicative brightness (spec §7 "brightness", v1): p 0.15 per sample, each channel times U(0.75, 1.25).</summary>
public static class BrightnessMultiplicative
{
    public const double Probability = 0.15; // spec §7 brightness: p 0.15
    public const double FactorLow = 0.75;   // spec §7 brightness: x * U(0.75, 1.25) per channel
    public const double FactorHigh = 1.25;

    public static void Apply(Span<float> data, int channels, TrainingRandom random)
    {
        if (random.NextDouble() >= Probability) return;
        int voxels = data.Length / channels;
        for (int c = 0; c < channels; c++) Multiply(data.Slice(c * voxels, voxels), (float)random.Uniform(FactorLow, FactorHigh));
    }

    public static void Multiply(Span<float> channel, float factor)
    {
        for (int i = 0; i < channel.Length; i++) channel[i] *= factor;
    }
}
