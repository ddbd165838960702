using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// The postprocessing a model folder's <c>postprocessing.json</c> prescribes (v1, spec §9): for each step of
/// <c>for_which_classes</c> in order, keep only the largest connected component of that class or merged classes.
/// Prediction and ensembling load it (through <see cref="SegmentationPostprocessing.Load"/>) and apply it to every
/// label map they write.
/// </summary>
public sealed class Postprocessing(IReadOnlyList<PostprocessingStep> steps) : ISegmentationPostprocessor
{
    public const string FileName = "postprocessing.json";

    /// <summary>v1 writes the (unused here) advanced minimum object sizes as the Python text of None.</summary>
    internal const string NoMinimumSizes = "None";

    /// <summary>Postprocessing that changes nothing.</summary>
    public static Postprocessing None { get; } = new([]);

    /// <summary>The steps, in the order they are applied.</summary>
    public IReadOnlyList<PostprocessingStep> Steps { get; } = steps;

    /// <summary>Whether applying changes nothing.</summary>
    public bool IsEmpty => Steps.Count == 0;

    /// <summary>
    /// Reads the steps of a postprocessing.json (ours or v1's). A missing or malformed file, and v1's advanced
    /// postprocessing with minimum object sizes (not supported), are <see cref="InvalidInputException"/>s naming the file.
    /// </summary>
    public static Postprocessing Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        try
        {
            using JsonDocument document = PythonJson.Parse(path);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("for_which_classes", out JsonElement list)
                || list.ValueKind != JsonValueKind.Array)
                throw Malformed(path, "has no \"for_which_classes\" list");
            if (root.TryGetProperty("min_valid_object_sizes", out JsonElement sizes)
                && !(sizes.ValueKind == JsonValueKind.Null || (sizes.ValueKind == JsonValueKind.String && sizes.GetString() == NoMinimumSizes)))
                throw Malformed(path, $"sets min_valid_object_sizes ({sizes.GetRawText()}): v1's advanced postprocessing is not supported");
            var steps = new List<PostprocessingStep>();
            foreach (JsonElement entry in list.EnumerateArray())
            {
                steps.Add(entry.ValueKind switch
                {
                    JsonValueKind.Number => PostprocessingStep.ForClass(ReadClass(entry, path)),
                    JsonValueKind.Array when entry.GetArrayLength() > 0 =>
                        PostprocessingStep.ForMerged(entry.EnumerateArray().Select(e => ReadClass(e, path)).ToList()),
                    _ => throw Malformed(path, $"for_which_classes holds {entry.GetRawText()}, neither a class nor a list of classes"),
                });
            }
            return new Postprocessing(steps);
        }
        catch (JsonException e)
        {
            throw Malformed(path, $"is not valid JSON ({e.Message})");
        }
    }

    /// <summary>Applies every step to a label map in place; returns the number of voxels set to background.</summary>
    public long Apply(Image labels) => Apply(labels.Channel(0), labels.Shape);

    /// <inheritdoc cref="Apply(Image)"/>
    public long Apply(Span<float> labels, int[] shape)
    {
        long removed = 0;
        foreach (PostprocessingStep step in Steps) removed += LargestComponent.Keep(labels, shape, step.Classes);
        return removed;
    }

    /// <inheritdoc cref="Apply(Image)"/>
    public long Apply(LabelMap labels)
    {
        long removed = 0;
        foreach (PostprocessingStep step in Steps) removed += LargestComponent.Keep(labels, step.Classes);
        return removed;
    }

    void ISegmentationPostprocessor.Apply(LabelMap segmentation) => Apply(segmentation);

    /// <summary>Reads a label map, applies the steps and writes it (atomically, same datatype and geometry).</summary>
    public void ApplyToFile(string input, string output)
    {
        Image labels = LabelMapFile.Read(input, out NiftiDataType dataType);
        Apply(labels);
        LabelMapFile.Write(output, labels, dataType);
    }

    /// <summary>v1's for_which_classes as printed: <c>[[1, 2], 1]</c>.</summary>
    public override string ToString() => $"[{string.Join(", ", Steps)}]";

    static int ReadClass(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int label) || label <= 0)
            throw Malformed(path, $"for_which_classes holds {element.GetRawText()} where a foreground class (1, 2, ...) is expected");
        return label;
    }

    static InvalidInputException Malformed(string path, string problem) => new($"{path}: {problem}.");
}
