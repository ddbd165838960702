using NnUNet.Abstractions;
using NnUNet.Core.Training;

namespace NnUNet.Tests.Training;

/// <summary>The poly learning rate, the pseudo-Dice moving average and best-checkpoint rule, and the thread split.</summary>
public sealed class TrainingScheduleTests
{
    [Fact]
    public void PolyLearningRateFollowsTheDefinition()
    {
        // spec §7: lr(e) = 0.01 (1 - e/1000)^0.9.
        Assert.Equal(0.01, PolyLearningRate.At(0, 1000, 0.01));
        Assert.Equal(0.01 * Math.Pow(0.5, 0.9), PolyLearningRate.At(500, 1000, 0.01), 15);
        Assert.Equal(0.01 * Math.Pow(0.001, 0.9), PolyLearningRate.At(999, 1000, 0.01), 15);
        Assert.Equal(0, PolyLearningRate.At(1000, 1000, 0.01));
        var rates = Enumerable.Range(0, 1000).Select(e => PolyLearningRate.At(e, 1000, 0.01)).ToArray();
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.Second < p.First));
    }

    static EpochSummary Epoch(TrainingHistory history, double dice) =>
        new(history.Epochs.Count, 0.01, 0, 0, dice, [dice], history.NextEma(dice), 1);

    [Fact]
    public void MovingAverageStartsAtTheFirstValueAndBestFollowsIt()
    {
        var history = new TrainingHistory();
        Assert.True(history.Add(Epoch(history, 0.5)));       // the first epoch is the first best
        Assert.Equal(0.5, history.Epochs[0].PseudoDiceEma);
        Assert.True(history.Add(Epoch(history, 0.7)));
        Assert.Equal(0.9 * 0.5 + 0.1 * 0.7, history.Epochs[1].PseudoDiceEma, 15);
        Assert.False(history.Add(Epoch(history, 0.0)));      // EMA drops: no new best
        Assert.Equal(1, history.BestEpoch);
        Assert.Equal(history.Epochs[1].PseudoDiceEma, history.BestEma);
    }

    [Fact]
    public void AnUndefinedPseudoDiceDoesNotPoisonTheMovingAverage()
    {
        var history = new TrainingHistory();
        Assert.False(history.Add(Epoch(history, double.NaN)));
        Assert.Null(history.BestEma);
        history.Add(Epoch(history, 0.4));
        Assert.Equal(0.4, history.Epochs[1].PseudoDiceEma);
        history.Add(Epoch(history, double.NaN));
        Assert.Equal(0.4, history.Epochs[2].PseudoDiceEma);
    }

    [Fact]
    public void ThreadSplitDefaultsAndEnvironmentOverrides()
    {
        static string? None(string _) => null;
        // CPU: torch gets every core, at least 2 workers (one per 8 cores); validation half of it, at least 1.
        Assert.Equal(new TrainingThreads(2, 2, 1), TrainingThreads.Resolve(None, 2, onGpu: false));
        Assert.Equal(new TrainingThreads(32, 4, 2), TrainingThreads.Resolve(None, 32, onGpu: false));
        // GPU: the workers get the cores (at most v1's 12), torch the rest.
        Assert.Equal(new TrainingThreads(1, 1, 1), TrainingThreads.Resolve(None, 2, onGpu: true));
        Assert.Equal(new TrainingThreads(4, 12, 6), TrainingThreads.Resolve(None, 16, onGpu: true));
        var environment = new Dictionary<string, string> { [TrainingThreads.WorkersVariable] = "6", [TrainingThreads.TorchThreadsVariable] = "3" };
        Assert.Equal(new TrainingThreads(3, 6, 3), TrainingThreads.Resolve(environment.GetValueOrDefault, 8, onGpu: false));
        var bad = new Dictionary<string, string> { [TrainingThreads.WorkersVariable] = "lots" };
        Assert.Contains("nnUNet_n_proc_DA", Assert.Throws<InvalidInputException>(() => TrainingThreads.Resolve(bad.GetValueOrDefault, 8, onGpu: false)).Message);
    }
}
