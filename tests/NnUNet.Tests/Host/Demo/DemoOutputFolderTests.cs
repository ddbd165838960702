using NnUNet.Abstractions;
using NnUNet.Host.Demo;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host.Demo;

/// <summary>The demo replaces only a folder an earlier demo made; anything else non-empty is refused untouched.</summary>
public class DemoOutputFolderTests
{
    [Fact]
    public void MissingFolderIsCreatedWithTheMarker()
    {
        using var temp = new TempDirectory();
        string folder = temp.Combine("a", "demo");

        DemoOutputFolder.Prepare(folder);

        Assert.Equal([Path.Combine(folder, DemoOutputFolder.MarkerFileName)], Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void EmptyFolderIsUsedAndMarked()
    {
        using var temp = new TempDirectory();

        DemoOutputFolder.Prepare(temp.Path);

        Assert.True(File.Exists(temp.Combine(DemoOutputFolder.MarkerFileName)));
    }

    [Fact]
    public void FolderOfAnEarlierDemoIsReplacedWhole()
    {
        using var temp = new TempDirectory();
        string folder = temp.Combine("demo");
        DemoOutputFolder.Prepare(folder);
        Directory.CreateDirectory(Path.Combine(folder, "nnUNet_results", "old"));
        File.WriteAllText(Path.Combine(folder, "nnUNet_results", "old", "model.pt"), "stale");
        File.WriteAllText(Path.Combine(folder, "demo_summary.json"), "{}");

        DemoOutputFolder.Prepare(folder + Path.DirectorySeparatorChar);

        Assert.Equal([Path.Combine(folder, DemoOutputFolder.MarkerFileName)], Directory.EnumerateFileSystemEntries(folder));
        Assert.Equal(["demo"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName)); // nothing left beside it
    }

    [Fact]
    public void ForeignNonEmptyFolderIsRefusedAndLeftAsItWas()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("thesis.tex"), "precious");
        Directory.CreateDirectory(temp.Combine("data"));

        var error = Assert.Throws<InvalidInputException>(() => DemoOutputFolder.Prepare(temp.Path));

        Assert.Contains(temp.Path, error.Message);
        Assert.Contains(DemoOutputFolder.MarkerFileName, error.Message);
        Assert.Equal("precious", File.ReadAllText(temp.Combine("thesis.tex")));
        Assert.True(Directory.Exists(temp.Combine("data")));
        Assert.False(File.Exists(temp.Combine(DemoOutputFolder.MarkerFileName)));
    }

    [Fact]
    public void FileIsRefused()
    {
        using var temp = new TempDirectory();
        string file = temp.Combine("out");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<InvalidInputException>(() => DemoOutputFolder.Prepare(file));

        Assert.Contains(file, error.Message);
        Assert.Equal("x", File.ReadAllText(file));
    }
}
