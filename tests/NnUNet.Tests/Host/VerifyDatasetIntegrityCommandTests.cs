using NnUNet.Tests.Datasets;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>`nnunet verify_dataset_integrity` as a user runs it: exit code and the lines printed.</summary>
public class VerifyDatasetIntegrityCommandTests
{
    [Fact]
    public void CleanTaskPassesAndFoldersCanBeGivenExplicitly()
    {
        using var temp = new TempDirectory();
        new RawTaskBuilder(temp).WithCases();

        var result = BuiltHost.Run(null, "verify_dataset_integrity", "-t", "501", "--raw-data-base", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Task501_Test: 3 training and 1 test cases checked: no problems found.", result.Stdout);
    }

    [Fact]
    public void EveryProblemIsListedAndTheExitCodeIsNonZero()
    {
        using var temp = new TempDirectory();
        var task = new RawTaskBuilder(temp).WithCases();
        File.Delete(task.LabelsTr("case_01.nii.gz"));
        RawTaskBuilder.WriteImage(task.ImagesTr("case_02_0001.nii.gz"), edit: v => v[3] = float.NaN);

        var result = BuiltHost.Run(null, "verify_dataset_integrity", "-t", "Task501_Test", "--raw-data-base", temp.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(result.StderrLines, l => l.Contains("case_01") && l.Contains("case_01.nii.gz"));
        Assert.Contains(result.StderrLines, l => l.Contains("case_02_0001.nii.gz") && l.Contains("NaN"));
        Assert.Contains("2 errors", result.Stdout);
    }

    [Fact]
    public void UnknownTaskIsOneLineListingWhatExists()
    {
        using var temp = new TempDirectory();
        new RawTaskBuilder(temp).WithCases(training: 1, test: 0);

        var result = BuiltHost.Run(null, "verify_dataset_integrity", "-t", "777", "--raw-data-base", temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Contains("Task501_Test", result.Stderr);
    }
}
