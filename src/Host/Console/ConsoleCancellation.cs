using System.Runtime.InteropServices;

namespace NnUNet.Host.Console;

/// <summary>
/// Turns the first Ctrl+C (or SIGTERM) into a cancellation request that long work checks at its next step;
/// a second Ctrl+C ends the process at once.
/// </summary>
public sealed class ConsoleCancellation : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly IHostConsole console;
    readonly PosixSignalRegistration? terminate;

    public ConsoleCancellation(IHostConsole console)
    {
        this.console = console;
        System.Console.CancelKeyPress += OnCancelKeyPress;
        terminate = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
    }

    public CancellationToken Token => source.Token;

    void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return; // second press: let the runtime end the process
        e.Cancel = true;
        console.Warning("stopping after the current step (press Ctrl+C again to abort at once)");
        source.Cancel();
    }

    void OnTerminate(PosixSignalContext context)
    {
        context.Cancel = true;
        source.Cancel();
    }

    public void Dispose()
    {
        System.Console.CancelKeyPress -= OnCancelKeyPress;
        terminate?.Dispose();
        source.Dispose();
    }
}
