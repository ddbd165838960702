namespace NnUNet.Host.Plugins;

/// <summary>A plugin DLL loaded but cannot be used; the message is the reason shown by <c>nnunet plugins</c>.</summary>
public sealed class PluginLoadException(string message) : Exception(message);
