using System.Text.Json.Serialization;

namespace NnUNet.Core.Training;

/// <summary>
/// Every finished epoch of a training, the moving average of the pseudo Dice and the best value it reached (spec §7
/// "Pseudo Dice and EMA"): EMA = 0.9 * previous + 0.1 * current, the first EMA being the first pseudo Dice. Stored in
/// every checkpoint, so a resumed training continues its curves and its best-checkpoint decisions.
/// </summary>
public sealed class TrainingHistory
{
    public const double EmaMomentum = 0.9; // spec §7: EMA = 0.9 * prev + 0.1 * current

    [JsonPropertyName("epochs")]
    public List<EpochSummary> Epochs { get; init; } = [];

    /// <summary>The highest EMA so far (the one model_best was saved with); null before the first epoch.</summary>
    [JsonPropertyName("best_pseudo_dice_ema")]
    public double? BestEma { get; set; }

    /// <summary>The epoch of <see cref="BestEma"/>.</summary>
    [JsonPropertyName("best_epoch")]
    public int? BestEpoch { get; set; }

    /// <summary>
    /// The EMA after a new pseudo Dice of <paramref name="pseudoDice"/>. An undefined (NaN) value on either side does
    /// not poison the average for the rest of the run (v1 would stay NaN forever): the defined one is kept.
    /// </summary>
    public double NextEma(double pseudoDice)
    {
        double previous = Epochs.Count == 0 ? double.NaN : Epochs[^1].PseudoDiceEma;
        if (double.IsNaN(previous)) return pseudoDice;
        if (double.IsNaN(pseudoDice)) return previous;
        return EmaMomentum * previous + (1 - EmaMomentum) * pseudoDice;
    }

    /// <summary>
    /// Appends a finished epoch; returns whether its EMA beats every earlier one (then it becomes the best; the first
    /// epoch always does, so model_best exists from the first epoch on). A NaN EMA never does.
    /// </summary>
    public bool Add(EpochSummary epoch)
    {
        Epochs.Add(epoch);
        if (double.IsNaN(epoch.PseudoDiceEma) || (BestEma is { } best && !(epoch.PseudoDiceEma > best))) return false;
        BestEma = epoch.PseudoDiceEma;
        BestEpoch = epoch.Epoch;
        return true;
    }
}
