using System.Diagnostics;

namespace NnUNet.Bench;

/// <summary>
/// Debian's python3 (numpy, scipy, nibabel from apt), which runs the baselines: v1's steps in numpy/scipy, with the
/// shared module tests/python/nnunet_v1.py (copied beside the benchmarks into python/) on its path.
/// </summary>
internal static class ReferencePython
{
    public const string Interpreter = "/usr/bin/python3";

    public static bool Exists => File.Exists(Interpreter);

    /// <summary>A process start for the interpreter with the given arguments, output redirected.</summary>
    public static ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "python");
        foreach (string a in arguments) start.ArgumentList.Add(a);
        return start;
    }
}
