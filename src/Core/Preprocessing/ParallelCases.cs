using System.Runtime.ExceptionServices;
using NnUNet.Abstractions;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Runs one piece of work per case on up to a given number of threads, reporting progress per finished case.
/// The first failure (an <see cref="InvalidInputException"/> naming the file first) is rethrown as it is, not
/// wrapped, so the user reads one line.
/// </summary>
internal static class ParallelCases
{
    public static void Run(int count, int threads, string stage, Func<int, string> name, IProgress<ProgressUpdate>? progress,
        CancellationToken cancellationToken, Action<int> work)
    {
        int done = 0;
        progress?.Report(new ProgressUpdate(stage, 0, count));
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken }, i =>
            {
                work(i);
                progress?.Report(new ProgressUpdate(stage, Interlocked.Increment(ref done), count, name(i)));
            });
        }
        catch (AggregateException e)
        {
            var inner = e.Flatten().InnerExceptions;
            var first = inner.FirstOrDefault(x => x is InvalidInputException) ?? inner.FirstOrDefault(x => x is OperationCanceledException) ?? inner[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>Threads for the resampling inside one case: the cores left over when there are fewer cases than threads.</summary>
    public static int ThreadsPerCase(int cases, int threads) => Math.Max(1, threads / Math.Max(1, Math.Min(cases, threads)));
}
