using System.Globalization;
using System.Text.Json;
using NnUNet.Core.IO;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// What <see cref="PostprocessingPlanner"/> decided and why, written as v1's <c>postprocessing.json</c> (spec §9):
/// for_which_classes, min_valid_object_sizes ("None", as v1 writes it without advanced postprocessing),
/// dc_per_class_raw, dc_per_class_pp_all, dc_per_class_pp_per_class (mean Dice per class), num_samples,
/// validation_raw and validation_final (the folder names). Keys are written sorted, as v1 does.
/// </summary>
public sealed record PostprocessingDetermination(
    Postprocessing Postprocessing,
    IReadOnlyDictionary<int, double> DicePerClassRaw,
    IReadOnlyDictionary<int, double> DicePerClassAllMerged,
    IReadOnlyDictionary<int, double> DicePerClassPerClass,
    int NumSamples,
    string ValidationRaw,
    string ValidationFinal)
{
    /// <summary>Writes the file atomically.</summary>
    public void Write(string path) => AtomicFile.Write(path, stream =>
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 4 });
        json.WriteStartObject();
        WriteDice(json, "dc_per_class_pp_all", DicePerClassAllMerged);
        WriteDice(json, "dc_per_class_pp_per_class", DicePerClassPerClass);
        WriteDice(json, "dc_per_class_raw", DicePerClassRaw);
        json.WriteStartArray("for_which_classes");
        foreach (PostprocessingStep step in Postprocessing.Steps)
        {
            if (!step.Merged)
            {
                json.WriteNumberValue(step.Classes[0]);
                continue;
            }
            json.WriteStartArray();
            foreach (int label in step.Classes) json.WriteNumberValue(label);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteString("min_valid_object_sizes", Postprocessing.NoMinimumSizes);
        json.WriteNumber("num_samples", NumSamples);
        json.WriteString("validation_final", ValidationFinal);
        json.WriteString("validation_raw", ValidationRaw);
        json.WriteEndObject();
    });

    static void WriteDice(Utf8JsonWriter json, string name, IReadOnlyDictionary<int, double> dice)
    {
        json.WriteStartObject(name);
        foreach (var (label, value) in dice.Select(p => (p.Key.ToString(CultureInfo.InvariantCulture), p.Value)).OrderBy(p => p.Item1, StringComparer.Ordinal))
        {
            json.WritePropertyName(label);
            EvaluationSummary.WriteNumber(json, value);
        }
        json.WriteEndObject();
    }
}
