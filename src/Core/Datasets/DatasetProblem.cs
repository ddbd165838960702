namespace NnUNet.Core.Datasets;

/// <summary>One problem found in a raw dataset.</summary>
/// <param name="Severity">Error (fails verification) or warning.</param>
/// <param name="CaseId">The case concerned, or null for dataset-wide problems.</param>
/// <param name="File">Absolute path of the file concerned, or null.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record DatasetProblem(ProblemSeverity Severity, string? CaseId, string? File, string Message)
{
    public static DatasetProblem Error(string? caseId, string? file, string message) => new(ProblemSeverity.Error, caseId, file, message);

    public static DatasetProblem Warning(string? caseId, string? file, string message) => new(ProblemSeverity.Warning, caseId, file, message);

    /// <summary>One line, with the file shown relative to <paramref name="datasetFolder"/> when inside it.</summary>
    public string Render(string? datasetFolder = null)
    {
        string severity = Severity == ProblemSeverity.Error ? "ERROR  " : "WARNING";
        string where = CaseId == null ? "" : $" case {CaseId}";
        string file = File == null ? "" : $" {Shorten(File, datasetFolder)}";
        return $"{severity}{where}{file}: {Message}";
    }

    static string Shorten(string file, string? folder)
    {
        if (folder == null) return file;
        string relative = Path.GetRelativePath(folder, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative;
    }
}
