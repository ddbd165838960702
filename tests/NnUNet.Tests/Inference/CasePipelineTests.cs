using System.Collections.Concurrent;
using NnUNet.Abstractions;
using NnUNet.Core.Inference;

namespace NnUNet.Tests.Inference;

/// <summary>The streaming pipeline: every case in order, overlapping stages, bounded memory, clean failures.</summary>
public class CasePipelineTests
{
    static readonly string[] Cases = Enumerable.Range(0, 12).Select(i => $"case_{i:D2}").ToArray();

    [Fact]
    public void EveryCaseIsWrittenInOrderWithBoundedCasesInFlight()
    {
        int inFlight = 0, maxInFlight = 0;
        var written = new List<string>();
        var progress = new List<ProgressUpdate>();
        var threads = new ConcurrentDictionary<string, int>();
        CasePipeline.Run(Cases,
            id =>
            {
                int now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, now);
                threads["prepare"] = Environment.CurrentManagedThreadId;
                Thread.Sleep(2);
                return id.Length;
            },
            (id, length) => { Thread.Sleep(5); return $"{id}:{length}"; },
            (id, result) =>
            {
                Thread.Sleep(3);
                written.Add(result);
                Interlocked.Decrement(ref inFlight);
            },
            new SynchronousProgress(progress), "predict", CancellationToken.None);

        Assert.Equal(Cases.Select(id => $"{id}:7"), written);
        Assert.Equal(Enumerable.Range(1, Cases.Length), progress.Select(p => p.Done));
        Assert.All(progress, p => Assert.Equal(Cases.Length, p.Total));
        Assert.Equal(Cases, progress.Select(p => p.Item));
        // prepare (1) + queue (1) + compute (1) + queue (1) + write (1): a folder of any size holds at most 5 cases.
        Assert.InRange(maxInFlight, 2, 2 * CasePipeline.QueueCapacity + 3);
    }

    [Fact]
    public void AFailureStopsThePipelineAndIsRethrownAsItWas()
    {
        var written = new ConcurrentBag<string>();
        int prepared = 0;
        var e = Assert.Throws<InvalidInputException>(() => CasePipeline.Run(Cases,
            id =>
            {
                Interlocked.Increment(ref prepared);
                if (id == "case_04") throw new InvalidInputException("case_04_0000.nii.gz: truncated");
                return id;
            },
            (_, id) => id,
            (id, _) => written.Add(id),
            null, "predict", CancellationToken.None));

        Assert.Equal("case_04_0000.nii.gz: truncated", e.Message);
        Assert.Equal(5, prepared);
        Assert.Equal(["case_00", "case_01", "case_02", "case_03"], written.Order());
    }

    [Fact]
    public void CancellationStopsBetweenCases()
    {
        using var cancel = new CancellationTokenSource();
        var written = new ConcurrentBag<string>();
        Assert.ThrowsAny<OperationCanceledException>(() => CasePipeline.Run(Cases, id => id,
            (_, id) => { if (id == "case_02") cancel.Cancel(); return id; },
            (id, _) => written.Add(id), null, "predict", cancel.Token));
        Assert.True(written.Count < Cases.Length);
    }

    static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    sealed class SynchronousProgress(List<ProgressUpdate> updates) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => updates.Add(value);
    }
}
