using System.Collections.Concurrent;
using System.Diagnostics;

namespace NnUNet.Tests.TestSupport;

/// <summary>
/// Runs Python snippets for cross-checks against independent implementations (nibabel, numpy). Prefers Debian's
/// /usr/bin/python3 (where python3-nibabel installs) over the first python3 on PATH. Scripts can import the shared
/// module nnunet_v1 (tests/python: v1's cropping and resampling in numpy/scipy).
/// Use: <c>string? why = PythonRunner.Missing("nibabel"); Skip.If(why != null, why);</c> in a [SkippableFact].
/// </summary>
public static class PythonRunner
{
    static readonly ConcurrentDictionary<string, string?> MissingCache = new();
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The interpreter used, or null when none is found.</summary>
    public static string? Python { get; } = FindPython();

    /// <summary>Null when Python and every module import; otherwise the reason to skip, naming what is missing.</summary>
    public static string? Missing(params string[] modules)
    {
        if (Python is null) return "python3 not found (neither /usr/bin/python3 nor python3 on PATH)";
        return MissingCache.GetOrAdd(string.Join(",", modules), _ =>
        {
            // One interpreter start for all modules: prints the first that fails to import.
            const string probe = "import importlib, sys\nfor m in sys.argv[1:]:\n    try:\n        importlib.import_module(m)\n" +
                                 "    except Exception:\n        print(m)\n        break\n";
            var (code, stdout, stderr) = Execute(probe, modules);
            if (code != 0) return $"{Python} does not run ({stderr.Trim()})";
            string missing = stdout.Trim();
            return missing.Length == 0 ? null
                : $"Python module '{missing}' is not importable by {Python} (Debian: apt-get install python3-{missing})";
        });
    }

    /// <summary>Runs <paramref name="script"/> with arguments (sys.argv[1..]); returns stdout, fails with stderr on error.</summary>
    public static string Run(string script, params string[] args)
    {
        if (Python is null) throw new InvalidOperationException("python3 not found");
        var (code, stdout, stderr) = Execute(script, args);
        if (code != 0) throw new InvalidOperationException($"python exited with {code}:\n{stderr}\n--- script ---\n{script}");
        return stdout;
    }

    static (int Code, string Stdout, string Stderr) Execute(string script, string[] args)
    {
        var start = new ProcessStartInfo(Python!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "python"); // tests/python/nnunet_v1.py
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python did not finish within {Timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    static string? FindPython()
    {
        if (File.Exists("/usr/bin/python3")) return "/usr/bin/python3";
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Combine(dir, "python3");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
