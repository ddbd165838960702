using Spectre.Console;

namespace NnUNet.Host.Console;

/// <summary>Chooses live terminal output or plain lines for this process.</summary>
public static class HostConsoleFactory
{
    /// <summary>
    /// Plain lines with --quiet, when stdout is redirected (Spectre would wrap long paths at 80 columns) or
    /// when the terminal is not interactive; Spectre.Console otherwise.
    /// </summary>
    public static IHostConsole Create(bool quiet)
    {
        var plain = new PlainConsole(System.Console.Out, System.Console.Error);
        if (quiet || System.Console.IsOutputRedirected) return plain;
        IAnsiConsole output = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (!output.Profile.Capabilities.Interactive) return plain;
        IAnsiConsole error = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Error),
            Ansi = System.Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = System.Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        return new RichConsole(output, error);
    }
}
