namespace NnUNet.Host.Plugins;

/// <summary>A plugin DLL (or plugin folder) that could not be used, and the reason in one line.</summary>
public sealed record PluginLoadFailure(string Path, string Reason);
