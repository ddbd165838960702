namespace NnUNet.Tests.TestSupport;

/// <summary>Locates the repository and the shared reference vectors (../shared/reference from the root).</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Framework.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/reference next to the repository (the known-answer vectors).</summary>
    public static string Reference => Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference"));

    /// <summary>A file under the shared reference folder; fails the test clearly when it is missing.</summary>
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
