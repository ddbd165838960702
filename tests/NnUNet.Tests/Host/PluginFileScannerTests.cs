using NnUNet.Host.Plugins;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>Which files in a plugin folder are tried as plugins (the loader never sees the rest).</summary>
public class PluginFileScannerTests
{
    [Fact]
    public void TriesEveryDllExceptDependenciesResourcesNativesAndHostAssemblies()
    {
        using var temp = new TempDirectory();
        string[] files =
        [
            "Loose.dll",                                  // no deps.json beside it: tried
            "Broken.dll",
            "TorchSharp.dll",                             // the host has it: never a plugin
            "Png/PngConverter.dll",                       // named by its own deps.json: tried
            "Png/SixLabors.ImageSharp.dll",               // a dependency listed by PngConverter.deps.json
            "Png/de/PngConverter.resources.dll",          // satellite resources
            "Png/runtimes/win-x64/native/Native.dll",     // native library
        ];
        foreach (string file in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp.Combine(file))!);
            File.WriteAllText(temp.Combine(file), "");
        }
        File.WriteAllText(temp.Combine("Png", "PngConverter.deps.json"), """
            { "targets": { ".NETCoreApp,Version=v10.0": {
                "PngConverter/1.0.0": { "runtime": { "PngConverter.dll": {} } },
                "SixLabors.ImageSharp/2.1.13": { "runtime": { "lib/net6.0/SixLabors.ImageSharp.dll": {} } } } } }
            """);

        IReadOnlyList<string> found = PluginFileScanner.FindPluginFiles(temp.Path);

        Assert.Equal([temp.Combine("Broken.dll"), temp.Combine("Loose.dll"), temp.Combine("Png", "PngConverter.dll")], found);
    }
}
