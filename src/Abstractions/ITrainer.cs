namespace NnUNet.Abstractions;

/// <summary>
/// Trains one fold of one configuration and validates it. Export an implementation with
/// <see cref="TrainerAttribute"/>. Most trainers derive from the default trainer in NnUNet.Core.Training
/// and override only what they change (epochs, loss, optimizer, augmentation, network).
/// </summary>
public interface ITrainer
{
    /// <summary>Trains (or resumes, or only validates, as the request says) and writes results to the fold folder.</summary>
    void Run(TrainingRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken);
}
