namespace NnUNet.Core.Training.Augmentation;

/// <summary>Additive Gaussian noise (spec §7 "noise", v1): p 0.1 per sample; one std U(0, 0.1) for all channels.</summary>
public static class GaussianNoise
{
    public const double Probability = 0.1; // spec §7 noise: p 0.1
    public const double MaxStd = 0.1;      // spec §7 noise: sigma U(0, 0.1), used as the std

    public static void Apply(Span<float> data, TrainingRandom random)
    {
        if (random.NextDouble() >= Probability) return;
        random.AddNormal(data, random.Uniform(0, MaxStd));
    }
}
