using NnUNet.Abstractions;

namespace NnUNet.Host.Plugins;

/// <summary>One export found in a plugin: its metadata (read without creating it) and a way to create it.</summary>
public sealed class PluginExport<TContract, TMetadata>(PluginKind kind, TMetadata metadata, string assemblyPath, Func<TContract> create)
    where TMetadata : PluginMetadata
{
    public PluginKind Kind { get; } = kind;

    /// <summary>Name, description (and for converters, the input they expect) from the export attribute.</summary>
    public TMetadata Metadata { get; } = metadata;

    public string Name => Metadata.Name;

    /// <summary>Full path of the plugin DLL that exports it.</summary>
    public string AssemblyPath { get; } = assemblyPath;

    /// <summary>Creates a fresh instance (the plugin's constructor runs here).</summary>
    public TContract Create() => create();
}
