using NnUNet.Abstractions;

namespace NnUNet.Core.Datasets;

/// <summary>Everything verification found in a raw dataset: all problems, not only the first.</summary>
public sealed class DatasetIntegrityReport
{
    public DatasetIntegrityReport(string datasetFolder, int trainingCases, int testCases, IReadOnlyList<DatasetProblem> problems)
    {
        DatasetFolder = datasetFolder;
        TrainingCases = trainingCases;
        TestCases = testCases;
        Problems = problems;
    }

    /// <summary>Absolute path of the dataset folder verified.</summary>
    public string DatasetFolder { get; }

    /// <summary>Training cases listed in dataset.json (or found in imagesTr for v2).</summary>
    public int TrainingCases { get; }

    /// <summary>Test cases listed in dataset.json (or found in imagesTs for v2).</summary>
    public int TestCases { get; }

    /// <summary>Problems in a stable order: dataset.json, missing files, file contents case by case (as listed), stray files.</summary>
    public IReadOnlyList<DatasetProblem> Problems { get; }

    public int ErrorCount => Problems.Count(p => p.Severity == ProblemSeverity.Error);
    public int WarningCount => Problems.Count(p => p.Severity == ProblemSeverity.Warning);
    public bool HasErrors => ErrorCount > 0;

    /// <summary>One line per problem, then a summary line.</summary>
    public IReadOnlyList<string> RenderLines()
    {
        var lines = Problems.Select(p => p.Render(DatasetFolder)).ToList();
        lines.Add(Summary());
        return lines;
    }

    /// <summary>"Task501_X: 12 training and 2 test cases checked: 1 error, 2 warnings."</summary>
    public string Summary()
    {
        string checkedCases = $"{Path.GetFileName(DatasetFolder)}: {TrainingCases} training and {TestCases} test cases checked";
        if (Problems.Count == 0) return $"{checkedCases}: no problems found.";
        return $"{checkedCases}: {Count(ErrorCount, "error")}, {Count(WarningCount, "warning")}.";
    }

    /// <summary>For commands that verify before working: fails with one line (the count and the first error).</summary>
    public void ThrowIfErrors()
    {
        if (!HasErrors) return;
        DatasetProblem first = Problems.First(p => p.Severity == ProblemSeverity.Error);
        throw new InvalidInputException(
            $"{DatasetFolder}: dataset integrity check failed with {Count(ErrorCount, "error")}; first: " +
            $"{first.Render(DatasetFolder)}. Run verify_dataset_integrity for the full list.");
    }

    static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
