using System.Runtime.ExceptionServices;
using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Converts cases on all cores with one progress step per case. Each case writes only its own files, so the output
/// does not depend on the order cases finish in. On an error no new case starts, and of the failures the one of
/// the earliest case in the list is thrown, so a single bad file always gives the same message.
/// </summary>
public static class CaseRunner
{
    /// <summary>The progress stage name of conversion.</summary>
    public const string Stage = "convert";

    public static void Run<T>(
        IReadOnlyList<T> cases,
        Func<T, string> describe,
        Action<T> convert,
        IProgress<ProgressUpdate>? progress,
        CancellationToken cancellationToken,
        int maxParallelism = 0)
    {
        int done = 0;
        var failures = new SortedList<int, ExceptionDispatchInfo>();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, cases.Count, options, (i, loop) =>
        {
            if (loop.ShouldExitCurrentIteration) return;
            try
            {
                convert(cases[i]);
                progress?.Report(new ProgressUpdate(Stage, Interlocked.Increment(ref done), cases.Count, describe(cases[i])));
            }
            catch (Exception e)
            {
                lock (failures) failures.Add(i, ExceptionDispatchInfo.Capture(e));
                loop.Stop();
            }
        });
        if (failures.Count > 0) failures.Values[0].Throw();
    }
}
