namespace NnUNet.Host.Plugins;

/// <summary>A folder the host searches for plugin DLLs, and why (built-in, NNUNET_PLUGIN_PATH, --plugins).</summary>
public sealed record PluginFolder(string Path, string Source);
