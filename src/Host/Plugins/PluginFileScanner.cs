using System.Text.Json;

namespace NnUNet.Host.Plugins;

/// <summary>
/// Finds the plugin DLLs in a plugin folder: every .dll in the folder and in its direct subfolders (one
/// plugin per subfolder, as in the host's plugins/&lt;Name&gt;/), except files that are not plugins:
/// a plugin's own dependencies (named in a sibling *.deps.json), satellite resources, native runtimes/,
/// and copies of assemblies the host already has (TorchSharp.dll, NnUNet.Core.dll, ...).
/// </summary>
public static class PluginFileScanner
{
    static readonly HashSet<string> HostAssemblyFiles = FindHostAssemblyFiles();

    public static IReadOnlyList<string> FindPluginFiles(string folder)
    {
        var files = new List<string>();
        foreach (string directory in new[] { folder }.Concat(SubfoldersOf(folder)))
        {
            HashSet<string> dependencies = DependenciesNamedByDepsFiles(directory);
            files.AddRange(Directory.EnumerateFiles(directory, "*.dll")
                .Where(f => !f.EndsWith(".resources.dll", StringComparison.OrdinalIgnoreCase))
                .Where(f => !dependencies.Contains(Path.GetFileName(f)) && !HostAssemblyFiles.Contains(Path.GetFileName(f)))
                .Order(StringComparer.Ordinal));
        }
        return files;
    }

    static IEnumerable<string> SubfoldersOf(string folder) =>
        Directory.EnumerateDirectories(folder)
            .Where(d => !string.Equals(Path.GetFileName(d), "runtimes", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>File names of the runtime assemblies each X.deps.json lists for libraries other than X itself.</summary>
    static HashSet<string> DependenciesNamedByDepsFiles(string directory)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string depsFile in Directory.EnumerateFiles(directory, "*.deps.json"))
        {
            string owner = Path.GetFileName(depsFile)[..^".deps.json".Length];
            try
            {
                using JsonDocument deps = JsonDocument.Parse(File.ReadAllBytes(depsFile));
                if (!deps.RootElement.TryGetProperty("targets", out JsonElement targets)) continue;
                foreach (JsonProperty target in targets.EnumerateObject())
                foreach (JsonProperty library in target.Value.EnumerateObject())
                {
                    if (library.Name.StartsWith(owner + "/", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!library.Value.TryGetProperty("runtime", out JsonElement runtime)) continue;
                    foreach (JsonProperty asset in runtime.EnumerateObject()) names.Add(Path.GetFileName(asset.Name));
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
            {
                // A broken deps.json is reported when its plugin fails to load; it names no dependencies here.
            }
        }
        return names;
    }

    static HashSet<string> FindHostAssemblyFiles()
    {
        string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileName).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
