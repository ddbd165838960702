using System.Composition.Hosting;
using System.Reflection;

namespace NnUNet.Host.Plugins;

/// <summary>Turns the exception of a failed plugin load into one line a user can act on.</summary>
public static class PluginLoadReason
{
    public static string Describe(Exception error) => OneLine(error switch
    {
        PluginLoadException e => e.Message,
        BadImageFormatException => "not a .NET assembly (corrupt, truncated, or a native library)",
        ReflectionTypeLoadException e =>
            "its types cannot be loaded: " +
            (e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message),
        FileNotFoundException e when e.FileName is not null => $"a file it needs is missing: {e.FileName}",
        FileLoadException e => $"a file it needs cannot be loaded: {e.FileName ?? e.Message}",
        CompositionFailedException e => "its exports cannot be composed: " + e.Message,
        _ => $"{error.GetType().Name}: {error.Message}",
    });

    static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
