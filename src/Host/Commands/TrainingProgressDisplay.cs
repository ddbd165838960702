using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using NnUNet.Abstractions;
using NnUNet.Host.Console;

namespace NnUNet.Host.Commands;

/// <summary>
/// Shows a long run that reports its progress in stages (a training: one stage per epoch). On a terminal each stage
/// gets its own live bar, drawn by a fresh progress display that ends with the stage, so a 1000-epoch training leaves
/// one finished bar per epoch on screen instead of keeping a thousand live ones. Otherwise only finished stages are
/// printed, one plain line each (with their summary), not one line per iteration.
/// </summary>
public static class TrainingProgressDisplay
{
    public static void Run(IHostConsole console, Action<IProgress<ProgressUpdate>> work)
    {
        if (!console.IsInteractive)
        {
            work(new FinishedStages(console));
            return;
        }

        // The work runs on its own thread; this thread opens one progress display per stage and feeds it.
        using var updates = new BlockingCollection<ProgressUpdate>();
        ExceptionDispatchInfo? failure = null;
        var worker = new Thread(() =>
        {
            try { work(new Queued(updates)); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            finally { updates.CompleteAdding(); }
        }) { Name = "nnunet-train", IsBackground = true };
        worker.Start();

        ProgressUpdate? next = null;
        while (next is not null || updates.TryTake(out next, Timeout.Infinite))
        {
            ProgressUpdate first = next;
            next = null;
            console.RunWithProgress(first.Stage, bar =>
            {
                bar.Report(first);
                foreach (ProgressUpdate update in updates.GetConsumingEnumerable())
                {
                    if (update.Stage != first.Stage) { next = update; return; }
                    bar.Report(update);
                }
            });
        }
        worker.Join();
        failure?.Throw();
    }

    sealed class Queued(BlockingCollection<ProgressUpdate> updates) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => updates.Add(value);
    }

    sealed class FinishedStages(IHostConsole console) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value)
        {
            if (value.Total > 0 && value.Done >= value.Total) console.Info(PlainConsole.FormatProgress(value));
        }
    }
}
