using System.Globalization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Training;

/// <summary>
/// How a training process shares the CPU cores between libtorch's intra-op pool (forward/backward) and the
/// augmentation workers of the <see cref="BatchProducer"/>s (docs/training.md "Threads", measured with the train-step
/// and train-epoch benchmarks). Training on the CPU: torch gets every core (one thread instead of two makes a step
/// 1.8x slower); for real networks a worker samples and augments a batch in 0.1-0.2 % of a step's time, but a tiny 3D
/// network trains an epoch 27 % faster with two workers than with one, so there are at least 2 (one per 8 cores on
/// larger machines). Workers sleep while their bounded queue is full, so they only take cores when the queue is
/// short. Training on a GPU:
/// the step no longer needs the CPU, so the workers get the cores (v1's default of 12 at most) and torch the rest.
/// Validation batches get half the workers (at least 1), as in v1.
/// Overrides: <see cref="WorkersVariable"/> (training workers) and <see cref="TorchThreadsVariable"/> (torch pool).
/// </summary>
/// <param name="TorchThreads">torch.set_num_threads for forward and backward.</param>
/// <param name="TrainingWorkers">Augmentation threads of the training batches.</param>
/// <param name="ValidationWorkers">Threads of the (non-augmented) validation batches.</param>
public sealed record TrainingThreads(int TorchThreads, int TrainingWorkers, int ValidationWorkers)
{
    /// <summary>v1's variable for the number of augmentation workers (spec §7 Workers, §11).</summary>
    public const string WorkersVariable = "nnUNet_n_proc_DA";

    /// <summary>The usual OpenMP variable; libtorch reads it too.</summary>
    public const string TorchThreadsVariable = "OMP_NUM_THREADS";

    const int MaxWorkers = 12;          // spec §7 Workers: v1 default nnUNet_n_proc_DA
    const int CoresPerCpuWorker = 8;    // measured, docs/training.md
    const int MinCpuWorkers = 2;        // measured, docs/training.md

    /// <summary>The split for this process and device: defaults for its cores, overridden by the environment.</summary>
    public static TrainingThreads FromEnvironment(bool onGpu) => Resolve(Environment.GetEnvironmentVariable, Environment.ProcessorCount, onGpu);

    /// <summary>The split for <paramref name="cores"/> cores with the variables read through <paramref name="environment"/>.</summary>
    public static TrainingThreads Resolve(Func<string, string?> environment, int cores, bool onGpu)
    {
        cores = Math.Max(1, cores);
        int? workersSet = Positive(environment, WorkersVariable), torchSet = Positive(environment, TorchThreadsVariable);
        int workers = workersSet ?? (onGpu ? Math.Clamp(cores - 1, 1, MaxWorkers) : Math.Clamp(cores / CoresPerCpuWorker, MinCpuWorkers, MaxWorkers));
        int torchThreads = torchSet ?? (onGpu ? Math.Max(1, cores - workers) : cores);
        return new TrainingThreads(torchThreads, workers, Math.Max(1, workers / 2));
    }

    public override string ToString() =>
        $"torch threads {TorchThreads}, augmentation workers {TrainingWorkers} (validation {ValidationWorkers})";

    static int? Positive(Func<string, string?> environment, string variable)
    {
        string? text = environment(variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            throw new InvalidInputException($"Environment variable {variable}='{text}' is not a positive whole number.");
        return value;
    }
}
