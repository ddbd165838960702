namespace NnUNet.Abstractions;

/// <summary>What the host reads from a trainer or architecture export without creating it.</summary>
public class PluginMetadata
{
    /// <summary>The name users type on the command line (e.g. "nnUNetTrainerV2", "GenericUNet").</summary>
    public string Name { get; set; } = "";

    /// <summary>One line for `nnunet plugins` and help texts.</summary>
    public string Description { get; set; } = "";
}
