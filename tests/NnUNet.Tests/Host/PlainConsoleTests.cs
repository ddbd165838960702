using NnUNet.Abstractions;
using NnUNet.Host.Console;

namespace NnUNet.Tests.Host;

/// <summary>Redirected output and --quiet: plain, greppable lines that never wrap.</summary>
public class PlainConsoleTests
{
    readonly StringWriter stdout = new(), stderr = new();

    string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine)[..^1];

    [Fact]
    public void ProgressIsOneLinePerUpdateWithStageCountAndItem()
    {
        var console = new PlainConsole(stdout, stderr);

        int result = console.RunWithProgress("Converting", progress =>
        {
            progress.Report(new ProgressUpdate("convert", 1, 3, "case_000"));
            progress.Report(new ProgressUpdate("convert", 2, 3));
            progress.Report(new ProgressUpdate("scan", 7, 0, "case_006"));
            return 42;
        });

        Assert.Equal(42, result);
        Assert.Equal(["convert 1/3 case_000", "convert 2/3", "scan 7 case_006"], Lines(stdout));
    }

    [Fact]
    public void ProgressFromManyThreadsKeepsWholeLines()
    {
        var console = new PlainConsole(stdout, stderr);

        console.RunWithProgress("Work", progress =>
            Parallel.For(0, 200, i => progress.Report(new ProgressUpdate("case", i + 1, 200, $"case_{i:D3}"))));

        string[] lines = Lines(stdout);
        Assert.Equal(200, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^case \d+/200 case_\d{3}$", l));
    }

    [Fact]
    public void TableColumnsAlignAndLongCellsStayOnOneLine()
    {
        string longPath = "/data/" + string.Join('/', Enumerable.Repeat("a-rather-long-folder-name", 8)) + "/Plugin.dll";
        var table = new OutputTable("Plugins", "Kind", "Name", "Assembly")
            .AddRow("converter", "png2d", longPath)
            .AddRow("trainer", "nnUNetTrainerV2_5epochs", "/x/T.dll");

        new PlainConsole(stdout, stderr).Table(table);

        Assert.Equal(
        [
            "Plugins:",
            "Kind       Name                     Assembly",
            "converter  png2d                    " + longPath,
            "trainer    nnUNetTrainerV2_5epochs  /x/T.dll",
        ], Lines(stdout));
    }

    [Fact]
    public void WarningsAndErrorsGoToStderrWithAPrefix()
    {
        var console = new PlainConsole(stdout, stderr);

        console.Info("done");
        console.Warning("plugin skipped");
        console.Error("bad file");

        Assert.Equal(["done"], Lines(stdout));
        Assert.Equal(["warning: plugin skipped", "error: bad file"], Lines(stderr));
    }
}
