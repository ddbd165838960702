using System.Globalization;
using System.Text.RegularExpressions;
using NnUNet.Abstractions;

namespace NnUNet.Core.Datasets;

/// <summary>
/// Resolves what the user typed for a task ("501", "Task501_Name", "Dataset501_Name", "Task501") to a
/// task folder under one or more roots (raw, preprocessed or results folders). An unknown id names what
/// exists; an id shared by two different names is ambiguous and names both.
/// </summary>
public static partial class TaskLocator
{
    // Ids are written with at least 3 digits (Task001_X, Task501_X, Task1000_X); spec §1.
    const int IdDigits = 3;

    [GeneratedRegex(@"^(Task|Dataset)(\d{3,})(?:_(.+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskNamePattern();

    /// <summary>The v1 folder name of a task: Task + 3-digit id + _ + name.</summary>
    public static string TaskName(int id, string name) => $"Task{FormatId(id)}_{name}";

    /// <summary>The v2 folder name of a dataset: Dataset + 3-digit id + _ + name.</summary>
    public static string DatasetName(int id, string name) => $"Dataset{FormatId(id)}_{name}";

    /// <summary>Finds the task folder for <paramref name="task"/> under <paramref name="roots"/> (earlier roots win).</summary>
    public static TaskFolder Find(string task, IReadOnlyList<string> roots)
    {
        string text = task.Trim();
        List<TaskFolder> all = List(roots);

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            return FindById(id, text, roots, all);

        Match match = TaskNamePattern().Match(text);
        if (!match.Success)
            throw new InvalidInputException(
                $"'{task}' is not a task: give a number (501), a v1 name (Task501_Name) or a v2 name (Dataset501_Name).");

        if (!match.Groups[3].Success) // "Task501" without a name: the id decides.
            return FindById(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), text, roots, all);

        TaskFolder? exact = all.FirstOrDefault(f => f.Name == text);
        return exact ?? throw new InvalidInputException($"No task folder {text} in {DescribeRoots(roots)}. {DescribeExisting(all)}");
    }

    /// <summary>Every task folder (TaskXXX_Name or DatasetXXX_Name) in the roots that exist, by id then name.</summary>
    public static List<TaskFolder> List(IReadOnlyList<string> roots)
    {
        var found = new List<TaskFolder>();
        foreach (string root in roots)
        {
            if (!Directory.Exists(root)) continue;
            foreach (string dir in Directory.EnumerateDirectories(root))
            {
                string name = Path.GetFileName(dir);
                if (TryParseFolderName(name, out int id, out TaskFolderKind kind))
                    found.Add(new TaskFolder(id, name, Path.GetFullPath(dir), kind));
            }
        }
        // Stable sort keeps root order for equal names, so the first root wins below.
        return found.OrderBy(f => f.Id).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Parses a folder name TaskXXX_Name / DatasetXXX_Name (the name part is required).</summary>
    public static bool TryParseFolderName(string folderName, out int id, out TaskFolderKind kind)
    {
        id = 0;
        kind = TaskFolderKind.Task;
        Match match = TaskNamePattern().Match(folderName);
        if (!match.Success || !match.Groups[3].Success) return false;
        string digits = match.Groups[2].Value;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id)) return false;
        // Task0501_X is not how id 501 is written; only the canonical form counts.
        if (digits != FormatId(id)) return false;
        kind = match.Groups[1].Value == "Task" ? TaskFolderKind.Task : TaskFolderKind.Dataset;
        return true;
    }

    static TaskFolder FindById(int id, string typed, IReadOnlyList<string> roots, List<TaskFolder> all)
    {
        var matches = all.Where(f => f.Id == id).ToList();
        var names = matches.Select(f => f.Name).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            throw new InvalidInputException($"No task with id {id} ('{typed}') in {DescribeRoots(roots)}. {DescribeExisting(all)}");
        if (names.Count > 1)
            throw new InvalidInputException(
                $"Task id {id} is ambiguous: {string.Join(", ", matches.Select(f => $"{f.Name} ({f.Path})"))}. " +
                "Give the full folder name instead.");
        return matches[0];
    }

    static string FormatId(int id) => id.ToString("D" + IdDigits, CultureInfo.InvariantCulture);

    static string DescribeRoots(IReadOnlyList<string> roots) =>
        string.Join(", ", roots.Select(r => Directory.Exists(r) ? r : $"{r} (missing)"));

    static string DescribeExisting(List<TaskFolder> all) =>
        all.Count == 0
            ? "There are no task folders there."
            : $"Existing tasks: {string.Join(", ", all.Select(f => f.Name).Distinct(StringComparer.Ordinal))}.";
}
