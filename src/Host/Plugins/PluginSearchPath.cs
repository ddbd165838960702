using NnUNet.Abstractions;

namespace NnUNet.Host.Plugins;

/// <summary>Where the host looks for plugins, in this order: its own plugins/ folder, NNUNET_PLUGIN_PATH, --plugins.</summary>
public static class PluginSearchPath
{
    public const string EnvironmentVariable = "NNUNET_PLUGIN_PATH";

    public const string BuiltInSource = "built-in";

    public const string OptionSource = "--plugins";

    /// <summary>The host's own plugin folder (filled by the build with every project under plugins/).</summary>
    public static string BuiltInFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>
    /// The folders to search, without duplicates. <paramref name="environmentValue"/> is a
    /// <see cref="Path.PathSeparator"/>-separated list; a folder given with --plugins must exist.
    /// </summary>
    public static IReadOnlyList<PluginFolder> Resolve(string builtInFolder, string? environmentValue, IEnumerable<string> optionFolders)
    {
        var folders = new List<PluginFolder>();
        Add(folders, builtInFolder, BuiltInSource);
        foreach (string entry in (environmentValue ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Add(folders, entry, EnvironmentVariable);
        foreach (string folder in optionFolders)
        {
            if (!Directory.Exists(folder)) throw new InvalidInputException($"--plugins {folder}: folder not found");
            Add(folders, folder, OptionSource);
        }
        return folders;
    }

    /// <summary>The search path of this process: environment variable and --plugins values.</summary>
    public static IReadOnlyList<PluginFolder> ForThisProcess(IEnumerable<string> optionFolders) =>
        Resolve(BuiltInFolder, Environment.GetEnvironmentVariable(EnvironmentVariable), optionFolders);

    static void Add(List<PluginFolder> folders, string folder, string source)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!folders.Any(f => string.Equals(f.Path, full, StringComparison.Ordinal))) folders.Add(new PluginFolder(full, source));
    }
}
