namespace NnUNet.Tests.TestSupport;

/// <summary>The Python helper reports what is missing instead of letting cross-checks pass silently.</summary>
public class PythonRunnerTests
{
    [SkippableFact]
    public void NamesTheMissingModuleAndRunsScripts()
    {
        Skip.If(PythonRunner.Python is null, "python3 not found (neither /usr/bin/python3 nor python3 on PATH)");
        string? reason = PythonRunner.Missing("sys", "no_such_module_for_nnunet_tests");
        Assert.NotNull(reason);
        Assert.Contains("no_such_module_for_nnunet_tests", reason);
        Assert.Null(PythonRunner.Missing("sys"));
        Assert.Equal("5", PythonRunner.Run("import sys; print(int(sys.argv[1]) + 2)", "3").Trim());
        var e = Assert.Throws<InvalidOperationException>(() => PythonRunner.Run("raise SystemExit('boom')"));
        Assert.Contains("boom", e.Message);
    }
}
