using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Options the generic converters share (png2d, tiff2d, tiff3d, and plugin converters that want them): how label
/// files map to labels, which labels are declared, and the channel names.
/// </summary>
public static class CommonConverterOptions
{
    public static readonly ConverterOption LabelsOption = new("labels",
        "Declared labels VALUE=NAME,..., e.g. 0=background,1=street; a label file with another value is an error (default: the values found, which must be 0..n)", ValueName: "LABELS");

    public static readonly ConverterOption LabelThresholdOption = new("label-threshold",
        "Label values >= T become 1, the rest 0, e.g. 255 for 0/255 masks (labels 0 background, 1 foreground)", ValueName: "T");

    public static readonly ConverterOption ColourTableOption = new("colour-table",
        "File of 'VALUE R G B [NAME]' lines mapping the colours of RGB label images to labels", ValueName: "FILE");

    public static readonly ConverterOption ModalityOption = new("modality",
        "Channel names for dataset.json, comma-separated, e.g. CT or Red,Green,Blue (default: gray; Red,Green,Blue for RGB)", ValueName: "NAMES");

    /// <summary>The four options above.</summary>
    public static IReadOnlyList<ConverterOption> All { get; } = [LabelsOption, LabelThresholdOption, ColourTableOption, ModalityOption];

    /// <summary>The label mapping the options ask for (as stored when neither --label-threshold nor --colour-table is given).</summary>
    public static LabelMapping Mapping(ConverterOptionValues values)
    {
        double? threshold = values.Number(LabelThresholdOption.Name);
        string? table = values.Text(ColourTableOption.Name);
        if (threshold is not null && table is not null)
            throw new InvalidInputException($"--{LabelThresholdOption.Name} and --{ColourTableOption.Name} exclude each other: give one");
        if (threshold is not null) return LabelMapping.Threshold(threshold.Value);
        return table is not null ? LabelMapping.Colours(ColourTable.Read(Path.GetFullPath(table))) : LabelMapping.AsIs;
    }

    /// <summary>The labels of --labels, or null.</summary>
    public static LabelSet? DeclaredLabels(ConverterOptionValues values) =>
        values.Text(LabelsOption.Name) is { } text ? LabelSet.Parse(text, $"--{LabelsOption.Name}") : null;

    /// <summary>The channel names of --modality, or null.</summary>
    public static IReadOnlyList<string>? Modalities(ConverterOptionValues values) => values.List(ModalityOption.Name);
}
