using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Training;

public sealed class BatchProducerTests : IDisposable
{
    readonly TempDirectory _dir = new();
    readonly List<PreprocessedCase> _cases = [];

    public BatchProducerTests()
    {
        _cases.Add(SyntheticCases.Write(_dir, "a", 2, [24, 40, 36], [10, 10, 10], [14, 20, 16], label: 1));
        _cases.Add(SyntheticCases.Write(_dir, "b", 2, [18, 30, 44], [3, 5, 30], [6, 9, 40], label: 2));
    }

    public void Dispose()
    {
        foreach (var c in _cases) c.Dispose();
        _dir.Dispose();
    }

    static readonly int[] Patch = [8, 16, 16];
    static readonly int[][] Pools = [[1, 2, 2], [2, 2, 2], [2, 2, 2]];

    AugmentationPipeline Pipeline(AugmentationParameters parameters, int batchSize = 2)
    {
        var initial = InitialPatchSize.Compute(Patch, parameters);
        var sampler = new PatchSampler(_cases, Patch, initial, batchSize);
        return new AugmentationPipeline(parameters, sampler, DeepSupervisionTargets.ScalesFromPoolKernels(Pools));
    }

    static List<(long Index, float[] Data, float[][] Targets)> Take(BatchProducer producer, int count)
    {
        var batches = new List<(long, float[], float[][])>();
        for (int i = 0; i < count; i++)
        {
            using var batch = producer.Next();
            batches.Add((batch.Index, (float[])batch.Data.Clone(), [.. batch.Targets.Select(t => (float[])t.Clone())]));
        }
        return batches;
    }

    [Fact]
    public void DeterministicProducersGiveIdenticalBatchesInOrder()
    {
        var parameters = AugmentationParameters.For3D([true, false]);
        List<(long Index, float[] Data, float[][] Targets)> first, second, single;
        using (var producer = new BatchProducer(() => new ShuffledTiming(Pipeline(parameters)), 2, seed: 42, deterministic: true))
            first = Take(producer, 10);
        using (var producer = new BatchProducer(() => new ShuffledTiming(Pipeline(parameters)), 2, seed: 42, deterministic: true))
            second = Take(producer, 10);
        using (var producer = new BatchProducer(() => Pipeline(parameters), 1, seed: 42, deterministic: true))
            single = Take(producer, 10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), first.Select(b => b.Index));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(first[i].Data, second[i].Data);
            Assert.Equal(first[i].Data, single[i].Data);
            for (int s = 0; s < Pools.Length; s++) Assert.Equal(first[i].Targets[s], second[i].Targets[s]);
        }
        Assert.NotEqual(first[0].Data, first[1].Data);

        using var other = new BatchProducer(() => Pipeline(parameters), 1, seed: 43, deterministic: true);
        Assert.NotEqual(first[0].Data, Take(other, 1)[0].Data);
    }

    [Fact]
    public void BatchesHaveTheDocumentedShapesAndCleanTargets()
    {
        using var producer = BatchProducer.ForTraining(_cases, Patch, 2, AugmentationParameters.For3D(), DeepSupervisionTargets.ScalesFromPoolKernels(Pools), 2, seed: 1, deterministic: true);
        for (int i = 0; i < 6; i++)
        {
            using var batch = producer.Next();
            Assert.Equal(new long[] { 2, 2, 8, 16, 16 }, batch.DataShape);
            Assert.Equal(new long[] { 2, 1, 8, 16, 16 }, batch.TargetShapes[0]);
            Assert.Equal(new long[] { 2, 1, 8, 8, 8 }, batch.TargetShapes[1]);
            Assert.Equal(new long[] { 2, 1, 4, 4, 4 }, batch.TargetShapes[2]);
            Assert.Equal(2 * 2 * 8 * 16 * 16, batch.Data.Length);
            Assert.All(batch.Targets, t => Assert.All(t, v => Assert.True(v is 0 or 1 or 2, $"label {v}")));
            Assert.True(batch.Locations[1].ForcedForeground);
            // The second (forced) sample holds its case's class (mirroring and scaling keep it in the patch centre).
            Assert.Contains(batch.Locations[1].SelectedClass, batch.Targets[0].Skip(8 * 16 * 16).Select(v => (int)v));
        }
    }

    [Fact]
    public void ValidationBatchesAreExactCopiesOfTheStoredVolume()
    {
        using var producer = BatchProducer.ForValidation(_cases, Patch, 3, AugmentationParameters.For3D([true, true]),
            DeepSupervisionTargets.ScalesFromPoolKernels(Pools), 1, seed: 5, deterministic: true);
        using var batch = producer.Next();
        Assert.True(batch.Locations[2].ForcedForeground); // validation oversamples foreground too
        for (int j = 0; j < 3; j++)
        {
            var location = batch.Locations[j];
            var data = batch.SampleData(j);
            var target = batch.SampleTarget(0, j);
            var shape = PatchShape.From(_cases[location.CaseIndex].Shape);
            for (int z = 0, i = 0; z < 8; z++)
                for (int y = 0; y < 16; y++)
                    for (int x = 0; x < 16; x++, i++)
                    {
                        int sz = location.Z + z, sy = location.Y + y, sx = location.X + x;
                        bool inside = sz >= 0 && sz < shape.Z && sy >= 0 && sy < shape.Y && sx >= 0 && sx < shape.X;
                        // No mask step without augmentation (v1 validation transforms), but -1 became 0.
                        Assert.Equal(inside ? SyntheticCases.Value(1, sz, sy, sx) : 0, data[8 * 16 * 16 + i]);
                        Assert.True(target[i] >= 0);
                    }
        }
    }

    [Fact]
    public void TwoDimensionalBatchesAreBatchChannelYX()
    {
        var parameters = AugmentationParameters.For2D([16, 16]);
        var initial = InitialPatchSize.Compute([16, 16], parameters);
        var sampler = new PatchSampler(_cases, [16, 16], initial, 12);
        var pipeline = new AugmentationPipeline(parameters, sampler, DeepSupervisionTargets.ScalesFromPoolKernels([[2, 2], [2, 2]]));
        using var producer = new BatchProducer(() => pipeline, 1, seed: 3, deterministic: true);
        using var batch = producer.Next();
        Assert.Equal(new long[] { 12, 2, 16, 16 }, batch.DataShape);
        Assert.Equal(new long[] { 12, 1, 8, 8 }, batch.TargetShapes[1]);
        Assert.Equal(12 * 2 * 256, batch.Data.Length);
    }

    [Fact]
    public void AWorkerExceptionSurfacesInTheConsumer()
    {
        using var producer = new BatchProducer(() => new FailingAt(3, Pipeline(AugmentationParameters.For3D())), 2, seed: 1, deterministic: true);
        for (int i = 0; i < 3; i++) producer.Next().Dispose();
        var e = Assert.Throws<InvalidOperationException>(() => producer.Next());
        Assert.Equal("broken case in batch 3", e.Message);
    }

    [Fact]
    public void CancellationAndDisposeStopWaitingPromptly()
    {
        var producer = new BatchProducer(() => new Slow(), 2, seed: 1, deterministic: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => producer.Next(cancel.Token));
        producer.Dispose();
        Assert.True(watch.ElapsedMilliseconds < 5000, $"took {watch.ElapsedMilliseconds} ms");
        Assert.Throws<ObjectDisposedException>(() => producer.Next());
    }

    [Fact]
    public void UnorderedModeDeliversEveryBatchOnce()
    {
        using var producer = new BatchProducer(() => new ShuffledTiming(Pipeline(AugmentationParameters.For3D())), 2, seed: 9, deterministic: false);
        var indices = Take(producer, 12).Select(b => b.Index).ToList();
        Assert.Equal(indices.Count, indices.Distinct().Count());
        Assert.True(indices.Max() < 12 + 2 * BatchProducer.CachedBatchesPerWorker);
    }

    /// <summary>Sleeps a random time before each batch so that workers finish out of order.</summary>
    sealed class ShuffledTiming(IBatchFiller inner) : IBatchFiller
    {
        readonly Random _timing = new();
        public TrainingBatch CreateBatch() => inner.CreateBatch();
        public void Fill(TrainingBatch batch, TrainingRandom random, CancellationToken cancellation)
        {
            Thread.Sleep(_timing.Next(0, 15));
            inner.Fill(batch, random, cancellation);
        }
    }

    sealed class FailingAt(long failingIndex, IBatchFiller inner) : IBatchFiller
    {
        public TrainingBatch CreateBatch() => inner.CreateBatch();
        public void Fill(TrainingBatch batch, TrainingRandom random, CancellationToken cancellation)
        {
            if (batch.Index == failingIndex) throw new InvalidOperationException($"broken case in batch {batch.Index}");
            inner.Fill(batch, random, cancellation);
        }
    }

    sealed class Slow : IBatchFiller
    {
        public TrainingBatch CreateBatch() => new(1, 1, new PatchShape(1, 2, 2), false, [new PatchShape(1, 2, 2)]);
        public void Fill(TrainingBatch batch, TrainingRandom random, CancellationToken cancellation)
        {
            cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            cancellation.ThrowIfCancellationRequested();
        }
    }
}
