namespace NnUNet.Core.Training;

/// <summary>
/// What a <see cref="BatchProducer"/> worker runs: makes batch buffers of the right shape and fills one batch from a
/// random stream. <see cref="Augmentation.AugmentationPipeline"/> is the standard filler; one instance per worker.
/// </summary>
public interface IBatchFiller
{
    /// <summary>A new batch with this filler's shapes.</summary>
    TrainingBatch CreateBatch();

    /// <summary>Fills every sample of <paramref name="batch"/>; the result must depend only on <paramref name="random"/>.</summary>
    void Fill(TrainingBatch batch, TrainingRandom random, CancellationToken cancellation);
}
