using System.Globalization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Training;

/// <summary>
/// How a training process shares the CPU cores between libtorch's intra-op pool (forward/backward) and the
/// augmentation workers of the <see cref="BatchProducer"/>s. Defaults: torch gets every core, the training producer
/// one worker per 4 cores (at least 1, at most 12 as v1's nnUNet_n_proc_DA default), the validation producer half of
/// that (at least 1). The workers sleep while their bounded queue is full, so on a CPU-only machine they only take
/// cores while the network is not using them; measured in docs/training.md ("Threads").
/// Overrides: <see cref="WorkersVariable"/> sets the training workers (validation: half, at least 1, as v1);
/// <see cref="TorchThreadsVariable"/> sets the torch pool.
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
    const int CoresPerWorker = 4;       // measured on the 2-core test machine and sized for larger ones (docs/training.md)

    /// <summary>The split for this process: defaults for its cores, overridden by the environment.</summary>
    public static TrainingThreads FromEnvironment() => Resolve(Environment.GetEnvironmentVariable, Environment.ProcessorCount);

    /// <summary>The split for <paramref name="cores"/> cores with the variables read through <paramref name="environment"/>.</summary>
    public static TrainingThreads Resolve(Func<string, string?> environment, int cores)
    {
        cores = Math.Max(1, cores);
        int torchThreads = Positive(environment, TorchThreadsVariable) ?? cores;
        int workers = Positive(environment, WorkersVariable) ?? Math.Clamp(cores / CoresPerWorker, 1, MaxWorkers);
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
