using System.Text.Json.Serialization;

namespace NnUNet.Core.Training;

/// <summary>What one finished epoch measured (one entry of the training history).</summary>
/// <param name="Epoch">0-based epoch index.</param>
/// <param name="LearningRate">The learning rate the epoch trained with.</param>
/// <param name="TrainLoss">Mean loss of the training iterations.</param>
/// <param name="ValidationLoss">Mean loss of the validation iterations.</param>
/// <param name="PseudoDice">Mean online Dice over foreground classes (spec §7; NaN when no class had any voxel).</param>
/// <param name="PseudoDicePerClass">Online Dice of each foreground class.</param>
/// <param name="PseudoDiceEma">Exponential moving average of <paramref name="PseudoDice"/> (spec §7).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochSummary(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("validation_loss")] double ValidationLoss,
    [property: JsonPropertyName("pseudo_dice")] double PseudoDice,
    [property: JsonPropertyName("pseudo_dice_per_class")] double[] PseudoDicePerClass,
    [property: JsonPropertyName("pseudo_dice_ema")] double PseudoDiceEma,
    [property: JsonPropertyName("seconds")] double Seconds);
