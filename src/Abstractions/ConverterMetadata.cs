namespace NnUNet.Abstractions;

/// <summary>What the host reads from a converter export without creating it.</summary>
/// <remarks>
/// Read exports through the host's plugin catalog, which fills inherited properties too: System.Composition's
/// own metadata views (<c>ExportFactory&lt;IDatasetConverter, ConverterMetadata&gt;</c>) set only the properties
/// a class declares itself, so Name and Description would stay empty here.
/// </remarks>
public sealed class ConverterMetadata : PluginMetadata
{
    /// <summary>The source layout the converter expects, in one line (e.g. "folder with images/ and labels/ of PNG files").</summary>
    public string Input { get; set; } = "";
}
