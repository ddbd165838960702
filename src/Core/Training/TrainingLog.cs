using System.Globalization;
using System.Text;

namespace NnUNet.Core.Training;

/// <summary>
/// <c>training_log_YYYY_M_D_HH_MM_SS.txt</c> in the fold folder (v1 name, spec §7): one timestamped line per event,
/// flushed at once so the file is current when a run is killed. A new file per run, as v1; safe from any thread.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    readonly StreamWriter _writer;
    readonly object _gate = new();

    TrainingLog(string path)
    {
        Path = path;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    /// <summary>Full path of the log file.</summary>
    public string Path { get; }

    /// <summary>Opens a new log in <paramref name="folder"/> named after <paramref name="start"/>.</summary>
    public static TrainingLog Create(string folder, DateTime start)
    {
        Directory.CreateDirectory(folder);
        string name = string.Create(CultureInfo.InvariantCulture,
            $"training_log_{start.Year}_{start.Month}_{start.Day}_{start.Hour:00}_{start.Minute:00}_{start.Second:00}.txt");
        return new TrainingLog(System.IO.Path.Combine(folder, name));
    }

    /// <summary>Appends "timestamp: line".</summary>
    public void Write(string line)
    {
        lock (_gate)
        {
            _writer.Write(DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
            _writer.Write(": ");
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }
}
