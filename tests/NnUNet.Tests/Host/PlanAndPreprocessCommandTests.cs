using NnUNet.Core.Preprocessing;
using NnUNet.Tests.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>`nnunet plan_and_preprocess` as a user runs it: exit codes, lines printed, what is left on disk.</summary>
public class PlanAndPreprocessCommandTests
{
    static PreprocessingTaskBuilder Task(TempDirectory temp) =>
        new PreprocessingTaskBuilder(temp).WithCases(3, [8, 20, 16], i => [2.5 + 0.5 * i, 0.8, 0.8], "MR");

    [Fact]
    public void WritesThePreprocessedTaskAndReportsEveryPhase()
    {
        using var temp = new TempDirectory();
        var task = Task(temp);
        string output = temp.Combine("out");

        var result = BuiltHost.Run(null, "plan_and_preprocess", "-t", "502", "--raw-data-base", task.RawDataBase, "-o", output,
            "-tl", "1", "-tf", "2", "--verify_dataset_integrity");

        Assert.True(result.ExitCode == 0, result.ToString());
        string folder = Path.Combine(output, "Task502_Pre");
        Assert.True(File.Exists(Path.Combine(folder, "nnUNetPlansv2.1_plans_3D.json")), result.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "nnUNetPlansv2.1_plans_2D.json")));
        Assert.Equal(["case_00", "case_01", "case_02"], PreprocessedCase.ListCases(Path.Combine(folder, "nnUNetData_plans_v2.1_2D_stage0")));
        foreach (string phase in new[] { "fingerprint", "planning", "3d_fullres", "2d" })
            Assert.Contains(result.StdoutLines, l => l.StartsWith(phase + " ") && l.Contains("  "));
        Assert.Contains(result.StdoutLines, l => l.Contains("peak memory") && l.Contains(" MB"));
    }

    [Fact]
    public void UnknownTaskAndMissingDatasetJsonAreOneLineAndExit1()
    {
        using var temp = new TempDirectory();
        var task = Task(temp);

        var unknown = BuiltHost.Run(null, "plan_and_preprocess", "-t", "502", "777", "--raw-data-base", task.RawDataBase, "-o", temp.Combine("out"));
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("777", Assert.Single(unknown.StderrLines));
        Assert.False(Directory.Exists(temp.Combine("out", "Task502_Pre")), "no task is processed when one of them is unknown");

        File.Delete(Path.Combine(task.Folder, "dataset.json"));
        var noJson = BuiltHost.Run(null, "plan_and_preprocess", "-t", "502", "--raw-data-base", task.RawDataBase, "-o", temp.Combine("out"));
        Assert.True(noJson.ExitCode == 1, noJson.ToString());
        Assert.Contains("dataset.json", Assert.Single(noJson.StderrLines));
    }

    [Fact]
    public void FailedIntegrityCheckOrUnreadableCaseLeavesExistingDataUntouched()
    {
        using var temp = new TempDirectory();
        var task = Task(temp);
        string output = temp.Combine("out");
        var first = BuiltHost.Run(null, "plan_and_preprocess", "-t", "502", "--raw-data-base", task.RawDataBase, "-o", output, "-no_pp");
        Assert.True(first.ExitCode == 0, first.ToString());
        string plans = Path.Combine(output, "Task502_Pre", "nnUNetPlansv2.1_plans_2D.json");
        string before = File.ReadAllText(plans);

        File.WriteAllBytes(task.Label("case_01"), [1, 2, 3]);
        var verified = BuiltHost.Run(null, "plan_and_preprocess", "-t", "502", "--raw-data-base", task.RawDataBase, "-o", output,
            "--verify_dataset_integrity");
        Assert.True(verified.ExitCode == 1, verified.ToString());
        Assert.Contains("integrity check failed", Assert.Single(verified.StderrLines));

        var unverified = BuiltHost.Run(null, "plan_and_preprocess", "-t", "502", "--raw-data-base", task.RawDataBase, "-o", output);
        Assert.True(unverified.ExitCode == 1, unverified.ToString());
        Assert.Contains(task.Label("case_01"), Assert.Single(unverified.StderrLines));

        Assert.Equal(before, File.ReadAllText(plans));
        Assert.Equal(["Task502_Pre"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public void UnknownPlannerIsAClearError()
    {
        using var temp = new TempDirectory();
        var task = Task(temp);
        var result = BuiltHost.Run(null, "plan_and_preprocess", "-t", "502", "--raw-data-base", task.RawDataBase, "-o", temp.Combine("out"),
            "-pl3d", "ExperimentPlanner3D_v3");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ExperimentPlanner3D_v21", Assert.Single(result.StderrLines));
    }
}
