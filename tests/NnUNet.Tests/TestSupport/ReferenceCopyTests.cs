namespace NnUNet.Tests.TestSupport;

/// <summary>The repository's copy of the known-answer vectors is the published one, file for file and byte for byte.</summary>
public class ReferenceCopyTests
{
    [SkippableFact]
    public void Copy_equals_the_shared_reference_vectors()
    {
        string shared = RepoPaths.SharedReference;
        Skip.IfNot(Directory.Exists(shared), $"{shared} is not on this machine; the repository's copy is used as it is");
        var published = VectorFiles(shared);
        var copied = VectorFiles(RepoPaths.Reference);
        Assert.NotEmpty(published);
        Assert.Equal(published, copied);
        foreach (string relative in published)
            Assert.True(File.ReadAllBytes(Path.Combine(shared, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(RepoPaths.Reference, relative))),
                $"tests/reference/{relative} differs from {Path.Combine(shared, relative)}: copy the published file");
    }

    /// <summary>Every .json below the folder (the vectors; the prose spec beside them is not copied), relative and sorted.</summary>
    static List<string> VectorFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)];
}
