using System.Threading.Channels;
using NnUNet.Abstractions;

namespace NnUNet.Core.Inference;

/// <summary>
/// Streams cases through three stages on their own threads: prepare (read and preprocess), compute (predict) and
/// write (export and save). At most one finished item waits between two stages, so reading the next case,
/// predicting the current one and writing the previous one overlap while a folder of any size holds at most a
/// handful of cases in memory. A case that cannot be prepared (an unreadable input) stops the reading; the cases
/// before it are still predicted and written, then its error is rethrown as it was (one clear line). A failure
/// while computing or writing stops every stage at once. Cases written before a failure stay written.
/// </summary>
public static class CasePipeline
{
    /// <summary>Cases that may wait between two stages.</summary>
    public const int QueueCapacity = 1;

    /// <summary>Runs every case through the stages, reporting progress when a case is written.</summary>
    /// <param name="stage">Progress stage name, e.g. "predict".</param>
    public static void Run<TPrepared, TResult>(IReadOnlyList<string> cases, Func<string, TPrepared> prepare,
        Func<string, TPrepared, TResult> compute, Action<string, TResult> write, IProgress<ProgressUpdate>? progress,
        string stage, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true };
        var prepared = Channel.CreateBounded<(string Id, TPrepared Value)>(options);
        var computed = Channel.CreateBounded<(string Id, TResult Value)>(options);
        var token = stop.Token;

        Task Stage(Func<Task> body, ChannelWriter<(string, TPrepared)>? a, ChannelWriter<(string, TResult)>? b,
            bool drainOnFailure = false) => Task.Run(async () =>
        {
            try
            {
                await body();
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                if (!drainOnFailure) stop.Cancel();
                throw;
            }
            finally
            {
                a?.TryComplete();
                b?.TryComplete();
            }
        });

        var tasks = new[]
        {
            Stage(async () =>
            {
                foreach (string id in cases)
                {
                    token.ThrowIfCancellationRequested();
                    await prepared.Writer.WriteAsync((id, prepare(id)), token);
                }
            }, prepared.Writer, null, drainOnFailure: true),
            Stage(async () =>
            {
                await foreach (var (id, value) in prepared.Reader.ReadAllAsync(token))
                    await computed.Writer.WriteAsync((id, compute(id, value)), token);
            }, null, computed.Writer),
            Stage(async () =>
            {
                int done = 0;
                await foreach (var (id, value) in computed.Reader.ReadAllAsync(token))
                {
                    write(id, value);
                    progress?.Report(new ProgressUpdate(stage, ++done, cases.Count, id));
                }
            }, null, null),
        };

        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException)
        {
            // The root cause, not the cancellations it caused in the other stages.
            var failure = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }
}
