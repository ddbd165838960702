using System.Runtime.ExceptionServices;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Core.Training;

/// <summary>
/// Produces training (or validation) batches in background threads of this process (spec §7 "Workers"; no child
/// processes, nothing to pickle, nothing to die silently). Each worker owns an <see cref="AugmentationPipeline"/> and
/// fills pooled <see cref="TrainingBatch"/> objects: at most workers x <see cref="CachedBatchesPerWorker"/> batches exist,
/// so the queue is bounded and steady state allocates no batch buffers.
/// Batch k is made from the random stream <see cref="TrainingRandom.SeedFor"/>(seed, k) alone; in deterministic mode
/// batches are delivered strictly as k = 0, 1, 2, ..., so two runs with the same seed see identical batches whatever
/// the thread timing. Otherwise a batch is delivered as soon as it is ready. A producer may start at any index (a
/// resumed training continues the stream where the interrupted one stopped).
/// A worker's exception is rethrown (same type and message) by <see cref="Next"/> once the batches finished before
/// it are delivered; dispose stops and joins the workers. <see cref="ForTraining"/> and <see cref="ForValidation"/>
/// build the two producers a trainer needs.
/// </summary>
public sealed class BatchProducer : IDisposable
{
    public const int CachedBatchesPerWorker = 2; // spec §7 Workers: v1 caches 2 batches per worker
    const int MaxDefaultWorkers = 12;            // spec §7 Workers: nnUNet_n_proc_DA default 12

    readonly object _gate = new();
    readonly Stack<TrainingBatch> _free = new();
    readonly List<TrainingBatch> _ready = [];
    readonly Thread[] _threads;
    readonly CancellationTokenSource _stop = new();
    readonly ulong _seed;
    readonly bool _ordered;
    long _nextToMake;
    long _nextToDeliver;
    int _inProgress;
    bool _stopping;
    ExceptionDispatchInfo? _failure;

    /// <param name="fillers">Creates one filler per worker, normally an <see cref="AugmentationPipeline"/> (it keeps scratch buffers; never shared).</param>
    /// <param name="workers">Number of worker threads (at least 1).</param>
    /// <param name="seed">Master seed; batch k uses <see cref="TrainingRandom.SeedFor"/>(seed, k).</param>
    /// <param name="deterministic">Deliver batches in index order (the --deterministic mode).</param>
    /// <param name="firstIndex">Index of the first batch made (0 for a new stream).</param>
    public BatchProducer(Func<IBatchFiller> fillers, int workers, ulong seed, bool deterministic, long firstIndex = 0)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), "At least one worker is needed.");
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        _seed = seed;
        _ordered = deterministic;
        _nextToMake = _nextToDeliver = firstIndex;
        var perWorker = Enumerable.Range(0, workers).Select(_ => fillers()).ToArray();
        for (int i = 0; i < workers * CachedBatchesPerWorker; i++)
        {
            var batch = perWorker[0].CreateBatch();
            batch.Release = Release;
            _free.Push(batch);
        }
        _ready.Capacity = workers * CachedBatchesPerWorker;
        _threads = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            var filler = perWorker[w];
            _threads[w] = new Thread(() => Work(filler)) { IsBackground = true, Name = $"nnunet-batches-{w}" };
            _threads[w].Start();
        }
    }

    /// <summary>
    /// Training batches: the configuration's augmentation on the enlarged patch (<see cref="InitialPatchSize"/>;
    /// the patch itself for _noDataAugmentation).
    /// </summary>
    /// <param name="patchSize">(z, y, x), or (y, x) for the 2d configuration.</param>
    /// <param name="deepSupervisionScales">From <see cref="DeepSupervisionTargets.ScalesFromPoolKernels"/>, or [[1, ...]] without deep supervision.</param>
    /// <param name="previousStage">The cascade's previous-stage segmentations of <paramref name="cases"/> (same order), or null.</param>
    public static BatchProducer ForTraining(IReadOnlyList<PreprocessedCase> cases, IReadOnlyList<int> patchSize, int batchSize,
        AugmentationParameters augmentation, IReadOnlyList<double[]> deepSupervisionScales, int workers, ulong seed, bool deterministic,
        long firstIndex = 0, PreviousStageInput? previousStage = null)
    {
        var sampler = new PatchSampler(cases, patchSize, InitialPatchSize.Compute(patchSize, augmentation), batchSize);
        return new BatchProducer(() => new AugmentationPipeline(augmentation, sampler, deepSupervisionScales, previousStage), workers, seed, deterministic, firstIndex);
    }

    /// <summary>
    /// Validation batches (spec §7: validation-case patches, no augmentation): same sampling rules including the
    /// foreground oversampling, no enlarged patch, only the cleanup of -1 and the deep-supervision targets.
    /// </summary>
    public static BatchProducer ForValidation(IReadOnlyList<PreprocessedCase> cases, IReadOnlyList<int> patchSize, int batchSize,
        AugmentationParameters augmentation, IReadOnlyList<double[]> deepSupervisionScales, int workers, ulong seed, bool deterministic,
        long firstIndex = 0, PreviousStageInput? previousStage = null)
    {
        var parameters = augmentation.WithoutAugmentation();
        var sampler = new PatchSampler(cases, patchSize, patchSize, batchSize);
        return new BatchProducer(() => new AugmentationPipeline(parameters, sampler, deepSupervisionScales, previousStage), workers, seed, deterministic, firstIndex);
    }

    /// <summary>min(cores, 12) for training (v1 default of nnUNet_n_proc_DA), half of it (at least 1) for validation.</summary>
    public static int DefaultWorkerCount(bool validation)
    {
        int training = Math.Clamp(Environment.ProcessorCount, 1, MaxDefaultWorkers);
        return validation ? Math.Max(1, training / 2) : training;
    }

    /// <summary>The next batch (in index order when deterministic). Dispose it when done with its arrays.</summary>
    public TrainingBatch Next(CancellationToken cancellation = default)
    {
        lock (_gate)
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(_stopping, this);
                int found = -1;
                for (int i = 0; i < _ready.Count; i++)
                    if (_ordered ? _ready[i].Index == _nextToDeliver : found < 0 || _ready[i].Index < _ready[found].Index)
                    {
                        found = i;
                        if (_ordered) break;
                    }
                if (found >= 0)
                {
                    var batch = _ready[found];
                    _ready.RemoveAt(found);
                    _nextToDeliver++;
                    return batch;
                }
                // Batches finished before a failure are still delivered; then the failure is rethrown.
                if (_failure is not null && _inProgress == 0) _failure.Throw();
                cancellation.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 50); // short waits so that cancellation is noticed without a registration
            }
        }
    }

    void Work(IBatchFiller filler)
    {
        var random = new TrainingRandom(0);
        while (true)
        {
            TrainingBatch batch;
            lock (_gate)
            {
                while (_free.Count == 0 && !_stopping && _failure is null) Monitor.Wait(_gate);
                if (_stopping || _failure is not null) return;
                batch = _free.Pop();
                batch.Index = _nextToMake++;
                _inProgress++;
            }
            try
            {
                random.Reseed(TrainingRandom.SeedFor(_seed, batch.Index));
                filler.Fill(batch, random, _stop.Token);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _inProgress--;
                    _free.Push(batch);
                    if (!(e is OperationCanceledException && _stop.IsCancellationRequested)) _failure ??= ExceptionDispatchInfo.Capture(e);
                    Monitor.PulseAll(_gate);
                }
                return;
            }
            lock (_gate)
            {
                _inProgress--;
                _ready.Add(batch);
                Monitor.PulseAll(_gate);
            }
        }
    }

    void Release(TrainingBatch batch)
    {
        lock (_gate)
        {
            if (_free.Contains(batch) || _ready.Contains(batch)) return; // disposed twice
            _free.Push(batch);
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping) return;
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        _stop.Cancel(); // workers stop between samples
        foreach (var thread in _threads) thread.Join();
        _stop.Dispose();
    }
}
