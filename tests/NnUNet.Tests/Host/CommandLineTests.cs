using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>Mistakes on the command line end in one error line and a non-zero exit, never a stack trace.</summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("no-such-command")]
    [InlineData("plugins", "--no-such-option")]
    [InlineData("plugins", "extra-argument")]
    public void UsageMistakeIsOneErrorLineAndExitCode2(params string[] args)
    {
        BuiltHost.Result result = BuiltHost.Run(null, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(args[^1], line);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void MissingPluginsFolderIsOneErrorLineNamingItAndExitCode1()
    {
        using var temp = new TempDirectory();
        string missing = temp.Combine("not-there");

        BuiltHost.Result result = BuiltHost.Run(null, "plugins", "--plugins", missing);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"error: --plugins {missing}: folder not found", Assert.Single(result.StderrLines));
    }

    [Fact]
    public void MissingFolderInEnvironmentVariableIsReportedButNotFatal()
    {
        using var temp = new TempDirectory();
        string missing = temp.Combine("not-there");

        BuiltHost.Result result = BuiltHost.Run(missing, "plugins");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith(missing) && l.Contains("folder not found (from NNUNET_PLUGIN_PATH)"));
    }

    [Fact]
    public void HelpListsThePublicCommandsAndGlobalOptionsOnly()
    {
        BuiltHost.Result result = BuiltHost.Run(null, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("plugins "));
        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("--plugins <DIR>"));
        Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith("-q, --quiet"));
        Assert.DoesNotContain("torch-check", result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
