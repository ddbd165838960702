using System.Diagnostics;

namespace NnUNet.Bench;

/// <summary>Wall-clock timing shared by the benchmarks.</summary>
internal static class Timing
{
    /// <summary>Median milliseconds of <paramref name="repeats"/> runs of <paramref name="action"/>, after one warm-up run.</summary>
    public static double MedianMilliseconds(int repeats, Action action)
    {
        action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
