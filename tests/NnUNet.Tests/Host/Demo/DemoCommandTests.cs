using NnUNet.Host.Demo;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host.Demo;

/// <summary>`nnunet demo` through the built host: its help, and the output folder rule before anything runs.</summary>
public class DemoCommandTests
{
    [Fact]
    public void HelpExplainsTheStepsAndHowToRunThemOnOwnData()
    {
        BuiltHost.Result result = BuiltHost.Run(null, "demo", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("--quick"));
        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("-o, --output <DIR>"));
        Assert.Contains("find_best_configuration", result.Stdout);
        Assert.Contains(DemoRun.Task3DName, result.Stdout);
        int ownData = Array.FindIndex(result.StdoutLines, l => l.StartsWith("The same on your own data"));
        Assert.True(ownData > 0, result.Stdout);
        string[] commands = [.. result.StdoutLines.Skip(ownData).Select(l => l.Trim()).Where(l => l.StartsWith("nnunet "))];
        foreach (string command in new[] { "convert", "verify_dataset_integrity", "plan_and_preprocess", "train", "find_best_configuration", "predict", "evaluate_folder" })
            Assert.Contains(commands, l => l.StartsWith($"nnunet {command} "));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void HelpOfOtherCommandsHasNoDemoEpilog()
    {
        BuiltHost.Result result = BuiltHost.Run(null, "plugins", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("The same on your own data", result.Stdout);
    }

    [Fact]
    public void RootHelpListsTheDemo()
    {
        BuiltHost.Result result = BuiltHost.Run(null, "--help");

        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("demo "));
    }

    [Fact]
    public void ForeignNonEmptyOutputFolderIsRefusedWithOneErrorLine()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("notes.txt"), "mine");

        BuiltHost.Result result = BuiltHost.Run(null, "demo", "--quick", "-o", temp.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"error: {temp.Path}: not empty and not made by 'nnunet demo'", line);
        Assert.Contains(DemoOutputFolder.MarkerFileName, line);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }
}
