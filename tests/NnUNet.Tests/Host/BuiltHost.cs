using System.Diagnostics;
using System.Reflection;

namespace NnUNet.Tests.Host;

/// <summary>
/// Runs the host as the build left it (`dotnet exec .../nnunet.dll ...`), in a child process with its own
/// environment. Where the build put the host and the probe plugin is recorded by the test project
/// (AssemblyMetadata written from the projects' GetTargetPath), never guessed from bin/ paths.
/// </summary>
public static class BuiltHost
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Full path of the built nnunet.dll.</summary>
    public static string HostAssembly => BuildPath("NnUNet.HostPath");

    /// <summary>Folder holding the built ProbePlugin.dll and its other output files.</summary>
    public static string ProbePluginFolder => Path.GetDirectoryName(BuildPath("NnUNet.ProbePluginPath"))!;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    /// <summary>Runs nnunet with <paramref name="args"/>; NNUNET_PLUGIN_PATH is set to <paramref name="pluginPath"/> or removed.</summary>
    public static Result Run(string? pluginPath, params string[] args) => Run(Timeout, new Dictionary<string, string?>(), pluginPath, args);

    /// <summary>
    /// As <see cref="Run(string?, string[])"/>, waiting up to <paramref name="timeout"/>, with <paramref name="environment"/>
    /// set in the child (a null value removes the variable; OMP_NUM_THREADS=1 unless given).
    /// </summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string?> environment, string? pluginPath, params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(HostAssembly);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        if (pluginPath is null) start.Environment.Remove("NNUNET_PLUGIN_PATH");
        else start.Environment["NNUNET_PLUGIN_PATH"] = pluginPath;
        start.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nnunet {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Folder holding the built sample converter (samples/CsvConverter).</summary>
    public static string CsvSampleFolder => Path.GetDirectoryName(BuildPath("NnUNet.CsvSamplePath"))!;

    /// <summary>Copies the probe plugin's build output (flat) into <paramref name="folder"/>.</summary>
    public static void CopyProbePluginTo(string folder) => CopyFolder(ProbePluginFolder, folder);

    /// <summary>Copies the sample converter's build output (flat) into <paramref name="folder"/>.</summary>
    public static void CopyCsvSampleTo(string folder) => CopyFolder(CsvSampleFolder, folder);

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    static string BuildPath(string key)
    {
        string? path = typeof(BuiltHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(path)) throw new InvalidOperationException($"The test project did not record {key}: rebuild it.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{key} points to a file the build did not produce: {path}");
        return path;
    }
}
