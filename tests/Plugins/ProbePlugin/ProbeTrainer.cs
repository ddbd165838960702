using NnUNet.Abstractions;

namespace NnUNet.Tests.Plugins.ProbePlugin;

/// <summary>Test fixture: a trainer that exists only to be discovered.</summary>
[Trainer("ProbeTrainer", Description = "Test fixture trainer (discovery only)")]
public sealed class ProbeTrainer : ITrainer
{
    public void Run(TrainingRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("ProbeTrainer is a discovery test fixture.");
}
