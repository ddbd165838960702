using NnUNet.Abstractions;
using NnUNet.Core.Datasets;

namespace NnUNet.Host.Commands;

/// <summary>
/// The temporary folder a converter fills, next to the Task folder it becomes. <see cref="Commit"/> renames it into
/// place; until then nothing at the target changes. An existing Task with the same id is refused unless
/// overwriting, and is replaced only once the new one is complete: old renamed aside, new renamed in, old deleted.
/// Disposing without committing deletes the temporary folder, so a failed conversion leaves nothing behind.
/// </summary>
public sealed class StagedTaskFolder : IDisposable
{
    // Hidden names that TaskLocator never takes for a task folder.
    const string StagingMarker = ".converting-", ReplacedMarker = ".replaced-";

    readonly int taskId;
    readonly bool overwrite;
    bool committed;

    StagedTaskFolder(string root, string folderName, int taskId, bool overwrite)
    {
        Root = root;
        TargetPath = Path.Combine(root, folderName);
        this.taskId = taskId;
        this.overwrite = overwrite;
        TemporaryPath = Path.Combine(root, $".{folderName}{StagingMarker}{Guid.NewGuid():N}");
    }

    /// <summary>The folder holding Task folders (nnUNet_raw_data or -o DIR).</summary>
    public string Root { get; }

    /// <summary>Where the Task ends up: Root/TaskXXX_Name.</summary>
    public string TargetPath { get; }

    /// <summary>The empty folder to convert into.</summary>
    public string TemporaryPath { get; }

    /// <summary>Checks the target and creates the temporary folder.</summary>
    public static StagedTaskFolder Begin(string root, string folderName, int taskId, bool overwrite)
    {
        string fullRoot = Path.GetFullPath(root);
        var staged = new StagedTaskFolder(fullRoot, folderName, taskId, overwrite);
        try
        {
            Directory.CreateDirectory(fullRoot);
            staged.RefuseExisting();
            Directory.CreateDirectory(staged.TemporaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{fullRoot}: cannot create the Task folder there ({e.Message})", e);
        }
        return staged;
    }

    /// <summary>
    /// Moves the temporary folder to <see cref="TargetPath"/>, replacing Tasks of the same id when overwriting.
    /// Returns the folders of replaced Tasks that could not be deleted afterwards (left renamed aside).
    /// </summary>
    public IReadOnlyList<string> Commit()
    {
        RefuseExisting();
        var moved = new List<(string Original, string Aside)>();
        try
        {
            foreach (TaskFolder old in ExistingTasks())
            {
                string aside = Path.Combine(Root, $".{old.Name}{ReplacedMarker}{Guid.NewGuid():N}");
                Directory.Move(old.Path, aside);
                moved.Add((old.Path, aside));
            }
            Directory.Move(TemporaryPath, TargetPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var (original, aside) in Enumerable.Reverse(moved)) Directory.Move(aside, original);
            throw new InvalidInputException($"{TargetPath}: cannot move the converted Task into place ({e.Message}); nothing was replaced", e);
        }
        committed = true;
        var leftOver = new List<string>();
        foreach (var (_, aside) in moved)
        {
            try { Directory.Delete(aside, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { leftOver.Add(aside); }
        }
        return leftOver;
    }

    public void Dispose()
    {
        if (committed || !Directory.Exists(TemporaryPath)) return;
        try { Directory.Delete(TemporaryPath, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    List<TaskFolder> ExistingTasks() =>
        TaskLocator.List([Root]).Where(f => f.Id == taskId && f.Kind == TaskFolderKind.Task).ToList();

    void RefuseExisting()
    {
        if (overwrite) return;
        List<TaskFolder> existing = ExistingTasks();
        if (existing.Count > 0)
            throw new InvalidInputException(
                $"{existing[0].Path}: task {taskId} exists already; pass --overwrite to replace it (it is kept until the new one is complete)");
    }
}
