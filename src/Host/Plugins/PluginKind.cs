namespace NnUNet.Host.Plugins;

/// <summary>The three things a plugin can export.</summary>
public enum PluginKind
{
    Converter,
    Trainer,
    Architecture,
}
