using NnUNet.Abstractions;
using NnUNet.Host;
using NnUNet.Host.Console;

namespace NnUNet.Tests.Host;

/// <summary>What a failing command prints and which exit code it gets.</summary>
public class ErrorBoundaryTests
{
    readonly StringWriter stdout = new(), stderr = new();

    int Run(Func<CancellationToken, int> command, CancellationToken token = default) =>
        ErrorBoundary.Run(new PlainConsole(stdout, stderr), command, token);

    string[] ErrorLines => stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void InvalidInputIsItsMessageOnOneLineAndExitCode1()
    {
        int exit = Run(_ => throw new InvalidInputException("case_003.nii.gz: header says 0 voxels along x"));

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal(["error: case_003.nii.gz: header says 0 voxels along x"], ErrorLines);
        Assert.Equal("", stdout.ToString());
    }

    [Fact]
    public void InvalidInputInsideParallelWorkIsStillOneLine()
    {
        int exit = Run(_ =>
        {
            Parallel.For(0, 4, i => { if (i == 2) throw new InvalidInputException("case_002.png: not a PNG file"); });
            return 0;
        });

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal(["error: case_002.png: not a PNG file"], ErrorLines);
    }

    [Fact]
    public void CancellationIsAShortLineAndExitCode130()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        int exit = Run(token => { token.ThrowIfCancellationRequested(); return 0; }, cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Equal(["error: cancelled"], ErrorLines);
    }

    [Fact]
    public void OperationCanceledWithoutCtrlCIsABug()
    {
        int exit = Run(_ => throw new OperationCanceledException("a timeout inside a plugin"));

        Assert.Equal(ExitCodes.InternalError, exit);
    }

    [Fact]
    public void AnyOtherExceptionIsABugReportedInFullWithExitCode70()
    {
        int exit = Run(_ => throw new InvalidOperationException("index out of sync"));

        Assert.Equal(ExitCodes.InternalError, exit);
        Assert.StartsWith("error: internal error: InvalidOperationException: index out of sync", ErrorLines[0]);
        Assert.Contains(ErrorLines, l => l.TrimStart().StartsWith("at ")); // the stack trace follows
    }

    [Fact]
    public void SuccessPassesTheCommandsExitCodeThrough()
    {
        Assert.Equal(3, Run(_ => 3));
        Assert.Equal("", stderr.ToString());
    }
}
