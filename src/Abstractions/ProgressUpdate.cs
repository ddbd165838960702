namespace NnUNet.Abstractions;

/// <summary>A step of long-running work, reported by plugins so the host can draw progress.</summary>
/// <param name="Stage">What is being done, e.g. "convert", "epoch 12".</param>
/// <param name="Done">Units finished so far.</param>
/// <param name="Total">Units in all (0 when unknown).</param>
/// <param name="Item">The unit just finished or started, e.g. a case id; null when not meaningful.</param>
public sealed record ProgressUpdate(string Stage, int Done, int Total, string? Item = null);
