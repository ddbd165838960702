using NnUNet.Abstractions;

namespace NnUNet.Core.Datasets;

/// <summary>
/// Paths inside dataset.json are relative to the dataset folder and must stay inside it: absolute paths
/// and ".." segments are rejected, so a dataset.json cannot make us read or list files elsewhere.
/// </summary>
internal static class DatasetRelativePath
{
    /// <summary>The absolute path of <paramref name="relative"/> inside <paramref name="folder"/>, or an error naming dataset.json and the entry.</summary>
    public static string Resolve(string folder, string relative, string jsonPath, string entry)
    {
        string[] segments = relative.Split('/', '\\');
        bool rooted = Path.IsPathRooted(relative) || relative.StartsWith('\\') || relative.StartsWith('/')
            || (relative.Length >= 2 && relative[1] == ':' && char.IsAsciiLetter(relative[0]));
        if (relative.Length == 0 || rooted || segments.Contains(".."))
            throw new InvalidInputException(
                $"{jsonPath}: {entry} '{relative}' leaves the dataset folder; only paths relative to it, without '..', are allowed.");
        string full = Path.GetFullPath(Path.Combine([folder, .. segments.Where(s => s.Length > 0 && s != ".")]));
        if (!IsInside(folder, full))
            throw new InvalidInputException($"{jsonPath}: {entry} '{relative}' leaves the dataset folder.");
        return full;
    }

    /// <summary>"./"-free relative path with '/' separators, for writing; throws when the file is outside the folder.</summary>
    public static string ToRelative(string folder, string absolute)
    {
        if (!IsInside(folder, absolute))
            throw new InvalidInputException($"{absolute} is outside the dataset folder {folder}; dataset.json can only list files inside it.");
        return Path.GetRelativePath(folder, absolute).Replace('\\', '/');
    }

    static bool IsInside(string folder, string full)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(full).StartsWith(root, StringComparison.Ordinal);
    }
}
