namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Builds the new files of a preprocessed task folder in a hidden folder beside it and moves them in only when
/// everything succeeded (<see cref="Commit"/>): an existing folder survives any failure untouched. Files are
/// replaced by rename; a folder (a stage folder, gt_segmentations) is swapped whole: the old one is renamed
/// aside, the new one moved in, then the old one deleted. Entries the run did not produce are kept (e.g.
/// splits_final.json), except those named by <see cref="RemoveOnCommit"/>.
/// </summary>
public sealed class TaskOutputStaging : IDisposable
{
    readonly List<string> _removals = [];
    bool _committed;

    TaskOutputStaging(string target, string staging)
    {
        TargetFolder = target;
        StagingFolder = staging;
    }

    /// <summary>The task folder the output ends up in.</summary>
    public string TargetFolder { get; }

    /// <summary>The hidden folder the output is built in (same parent, so moves are renames).</summary>
    public string StagingFolder { get; }

    /// <summary>Starts a staging folder for <paramref name="targetFolder"/>.</summary>
    public static TaskOutputStaging Begin(string targetFolder)
    {
        string target = Path.GetFullPath(targetFolder);
        string parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"{target} has no parent folder.", nameof(targetFolder));
        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.incoming-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return new TaskOutputStaging(target, staging);
    }

    /// <summary>Path of an entry inside the staging folder.</summary>
    public string PathOf(string name) => Path.Combine(StagingFolder, name);

    /// <summary>Deletes <paramref name="name"/> (file or folder) from the task folder on commit, unless this run produced it.</summary>
    public void RemoveOnCommit(string name) => _removals.Add(name);

    /// <summary>Moves every staged entry into the task folder (folders first, files last), then applies the removals.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException("Already committed.");
        Directory.CreateDirectory(TargetFolder);
        string[] folders = [.. Directory.GetDirectories(StagingFolder).Order(StringComparer.Ordinal)];
        string[] files = [.. Directory.GetFiles(StagingFolder).Order(StringComparer.Ordinal)];
        var staged = folders.Concat(files).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (string folder in folders) SwapFolder(folder, Path.Combine(TargetFolder, Path.GetFileName(folder)));
        foreach (string file in files) File.Move(file, Path.Combine(TargetFolder, Path.GetFileName(file)), overwrite: true);
        foreach (string name in _removals)
        {
            if (staged.Contains(name)) continue;
            string path = Path.Combine(TargetFolder, name);
            if (File.Exists(path)) File.Delete(path);
            else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        _committed = true;
        Directory.Delete(StagingFolder, recursive: true);
    }

    static void SwapFolder(string source, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(source, target);
            return;
        }
        string aside = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
        Directory.Move(target, aside);
        Directory.Move(source, target);
        Directory.Delete(aside, recursive: true);
    }

    /// <summary>Deletes the staging folder when the run did not commit.</summary>
    public void Dispose()
    {
        if (_committed) return;
        try
        {
            if (Directory.Exists(StagingFolder)) Directory.Delete(StagingFolder, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
