using NnUNet.Abstractions;

namespace NnUNet.Host.Console;

/// <summary>
/// Everything a command writes goes through here, so it looks right both on a terminal (colours, tables,
/// live progress bars) and in a log file or pipe (plain lines that never wrap). Results and info go to
/// stdout, warnings and errors to stderr.
/// </summary>
/// <remarks>
/// This namespace hides <see cref="System.Console"/> inside NnUNet.Host on purpose: commands write through
/// this interface, never to the process console directly.
/// </remarks>
public interface IHostConsole
{
    /// <summary>Whether progress and tables are drawn live (a terminal, without --quiet).</summary>
    bool IsInteractive { get; }

    /// <summary>A line of normal output (stdout).</summary>
    void Info(string line);

    /// <summary>A line about something the user may want to fix (stderr, "warning: ..." prefix).</summary>
    void Warning(string line);

    /// <summary>A line saying why the command failed (stderr, "error: ..." prefix).</summary>
    void Error(string line);

    /// <summary>Free text printed as it is to stderr (e.g. the full report of an internal error).</summary>
    void ErrorDetail(string text);

    /// <summary>A table on stdout: boxed on a terminal, aligned plain columns otherwise.</summary>
    void Table(OutputTable table);

    /// <summary>
    /// Runs <paramref name="work"/>, which reports its steps through the progress it is given (any thread).
    /// Interactive: one live bar per <see cref="ProgressUpdate.Stage"/>. Otherwise: one plain line per update,
    /// <c>stage done/total item</c>.
    /// </summary>
    T RunWithProgress<T>(string title, Func<IProgress<ProgressUpdate>, T> work);

    /// <inheritdoc cref="RunWithProgress{T}"/>
    void RunWithProgress(string title, Action<IProgress<ProgressUpdate>> work) =>
        RunWithProgress(title, progress => { work(progress); return true; });
}
