namespace NnUNet.Tests.TestSupport;

/// <summary>Locates the repository and the known-answer vectors (tests/reference, a copy of ../shared/reference).</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Framework.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The known-answer vectors from the original nnU-Net v1 code, kept in the repository so that a fresh clone tests
    /// on its own; <see cref="SharedReference"/> is where they are published (ReferenceCopyTests keeps the two equal).
    /// </summary>
    public static string Reference => Path.Combine(Root, "tests", "reference");

    /// <summary>../shared/reference next to the repository, when this machine has it.</summary>
    public static string SharedReference => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference"));

    /// <summary>A file under the reference folder; fails the test clearly when it is missing.</summary>
    public static string ReferenceFile(string relative)
    {
        string path = Path.Combine(Reference, relative);
        if (!File.Exists(path)) throw new FileNotFoundException($"Reference vector file missing: {path}");
        return path;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Framework.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Framework.sln not found above " + AppContext.BaseDirectory);
    }
}
