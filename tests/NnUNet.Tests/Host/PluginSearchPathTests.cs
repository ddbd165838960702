using NnUNet.Abstractions;
using NnUNet.Host.Plugins;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

public class PluginSearchPathTests
{
    [Fact]
    public void BuiltInFirstThenEnvironmentEntriesThenOptionFoldersWithoutDuplicates()
    {
        using var temp = new TempDirectory();
        string builtIn = temp.Combine("host", "plugins"), a = temp.Combine("a"), b = temp.Combine("b"), c = temp.Combine("c");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(c);
        char sep = Path.PathSeparator;

        IReadOnlyList<PluginFolder> folders = PluginSearchPath.Resolve(builtIn, $"{a}{sep}{sep} {b} {sep}{a}", [c, a + Path.DirectorySeparatorChar]);

        Assert.Equal(
        [
            new PluginFolder(builtIn, "built-in"),
            new PluginFolder(a, "NNUNET_PLUGIN_PATH"),
            new PluginFolder(b, "NNUNET_PLUGIN_PATH"),
            new PluginFolder(c, "--plugins"),
        ], folders);
    }

    [Fact]
    public void OptionFolderThatDoesNotExistIsInvalidInputNamingIt()
    {
        using var temp = new TempDirectory();
        string missing = temp.Combine("missing");

        var error = Assert.Throws<InvalidInputException>(() => PluginSearchPath.Resolve(temp.Combine("p"), null, [missing]));

        Assert.Equal($"--plugins {missing}: folder not found", error.Message);
    }
}
