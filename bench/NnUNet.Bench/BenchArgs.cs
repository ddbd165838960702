using System.Globalization;

namespace NnUNet.Bench;

/// <summary>The benchmarks' command-line options: <c>--name VALUE</c> pairs after the benchmark's name.</summary>
internal static class BenchArgs
{
    /// <summary>The integer after <paramref name="name"/>, or null when the option is not given.</summary>
    public static int? Int(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }

    public static int Int(string[] args, string name, int fallback) => Int(args, name) ?? fallback;
}
