using NnUNet.Core.IO;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.IO;

/// <summary>A result folder is either the old complete one or the new complete one, never a half-filled mix.</summary>
public sealed class AtomicFolderTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ReplacesAnExistingFolderWholly()
    {
        string target = temp.Combine("cv_niftis_raw");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "old.txt"), "old");

        AtomicFolder.Replace(target, staging => File.WriteAllText(Path.Combine(staging, "new.txt"), "new"));

        Assert.Equal(["new.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal(["cv_niftis_raw"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void FailureLeavesTheOldFolderAndNoStaging()
    {
        string target = temp.Combine("ensembled_raw");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "old.txt"), "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFolder.Replace(target, staging =>
        {
            File.WriteAllText(Path.Combine(staging, "half.txt"), "half");
            throw new InvalidOperationException("crash");
        }));

        Assert.Equal(["old.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal(["ensembled_raw"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }
}
