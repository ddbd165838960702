namespace NnUNet.Abstractions;

/// <summary>What the host reads from a converter export without creating it.</summary>
public sealed class ConverterMetadata : PluginMetadata
{
    /// <summary>The source layout the converter expects, in one line (e.g. "folder with images/ and labels/ of PNG files").</summary>
    public string Input { get; set; } = "";
}
