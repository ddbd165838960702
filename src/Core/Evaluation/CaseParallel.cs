using System.Runtime.ExceptionServices;
using NnUNet.Abstractions;

namespace NnUNet.Core.Evaluation;

/// <summary>Runs one step per case on up to <see cref="EvaluationOptions.MaxParallelism"/> threads, reporting progress.</summary>
internal static class CaseParallel
{
    /// <summary>
    /// Calls <paramref name="body"/> for 0..count-1. The first exception a case throws is rethrown as it is (not
    /// wrapped), so a bad file still ends in its own one-line message.
    /// </summary>
    public static void For(int count, EvaluationOptions options, string stage, Func<int, string> item, Action<int> body)
    {
        int done = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism),
            CancellationToken = options.CancellationToken,
        };
        try
        {
            Parallel.For(0, count, parallel, i =>
            {
                body(i);
                options.Progress?.Report(new ProgressUpdate(stage, Interlocked.Increment(ref done), count, item(i)));
            });
        }
        catch (AggregateException e)
        {
            Exception first = e.InnerExceptions.FirstOrDefault(x => x is InvalidInputException) ?? e.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
    }
}
