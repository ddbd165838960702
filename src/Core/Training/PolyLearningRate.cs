namespace NnUNet.Core.Training;

/// <summary>nnU-Net's learning-rate schedule (spec §7): lr(e) = lr0 * (1 - e / epochs)^0.9, set at the start of epoch e.</summary>
public static class PolyLearningRate
{
    public const double Exponent = 0.9; // spec §7

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>.</summary>
    public static double At(int epoch, int epochs, double initialLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        return initialLearningRate * Math.Pow(1 - (double)Math.Min(epoch, epochs) / epochs, Exponent);
    }
}
