using NnUNet.Abstractions;

namespace NnUNet.Core.Evaluation;

/// <summary>How evaluation, postprocessing and model selection run: parallel cases, progress and cancellation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Cases processed at once (each holds a few label volumes in memory).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Receives one update per finished case; null for none.</summary>
    public IProgress<ProgressUpdate>? Progress { get; init; }

    /// <summary>Checked between cases.</summary>
    public CancellationToken CancellationToken { get; init; }

    public static EvaluationOptions Default { get; } = new();
}
