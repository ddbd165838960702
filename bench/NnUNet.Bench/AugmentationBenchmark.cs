using System.Diagnostics;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Bench;

/// <summary>
/// Time per training batch of the data pipeline (sampling + v1 augmentation + deep-supervision targets) for a 3D and
/// a 2D configuration, on one thread and through the <see cref="BatchProducer"/> with all cores. Baseline: the spatial
/// step done the straightforward way (read and prefilter the whole enlarged patch) on the same samples.
/// Times are CPU time of this process (the honest measure on a shared machine) and wall time.
/// Options: --batches N (default 20), --workers N (default: cores).
/// </summary>
public sealed class AugmentationBenchmark : IBenchmark
{
    public string Name => "augment";

    public string Description => "training batch generation (3D 2x1x128^3, 3D 2x1x64x160x128, 2D 12x1x256^2) vs whole-patch spatial step";

    public void Run(string[] args)
    {
        int batches = BenchArgs.Int(args, "--batches", 20);
        int workers = BenchArgs.Int(args, "--workers", Environment.ProcessorCount);
        string folder = Path.Combine(Path.GetTempPath(), $"nnunet-bench-augment-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            // Two CT-like cases (1 channel, 3 labels) large enough that patches rarely touch the border.
            var cases = new List<PreprocessedCase> { CtCase(folder, "ct_0", [160, 320, 320], 1), CtCase(folder, "ct_1", [200, 280, 300], 2) };
            Console.WriteLine($"cores {Environment.ProcessorCount}, workers {workers}, {batches} batches per measurement");
            Measure("3d 2x1x128x128x128", cases, [128, 128, 128], 2, AugmentationParameters.For3D([false]), [[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]], batches, workers);
            Measure("3d 2x1x64x160x128", cases, [64, 160, 128], 2, AugmentationParameters.For3D([false]), [[1, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]], batches, workers);
            Measure("2d 12x1x256x256", cases, [256, 256], 12, AugmentationParameters.For2D([256, 256], [false]), [[2, 2], [2, 2], [2, 2], [2, 2], [2, 2], [2, 2]], batches, workers);
            foreach (var c in cases) c.Dispose();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static void Measure(string name, List<PreprocessedCase> cases, int[] patch, int batchSize, AugmentationParameters parameters, int[][] pools, int batches, int workers)
    {
        var initial = InitialPatchSize.Compute(patch, parameters);
        var sampler = new PatchSampler(cases, patch, initial, batchSize);
        var scales = DeepSupervisionTargets.ScalesFromPoolKernels(pools);
        AugmentationPipeline NewPipeline() => new(parameters, sampler, scales);
        Console.WriteLine($"\n{name}: enlarged patch {string.Join("x", initial)}");

        // One thread, steady state (after warm-up batches that size the buffers and jit).
        var pipeline = NewPipeline();
        var batch = pipeline.CreateBatch();
        var random = new TrainingRandom(0);
        for (int k = 0; k < 3; k++)
        {
            random.Reseed(TrainingRandom.SeedFor(2, k));
            pipeline.Fill(batch, random);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        double cpu = CpuMilliseconds();
        var watch = Stopwatch.StartNew();
        for (int k = 0; k < batches; k++)
        {
            random.Reseed(TrainingRandom.SeedFor(1, k));
            pipeline.Fill(batch, random);
        }
        double single = (CpuMilliseconds() - cpu) / batches;
        double singleWall = watch.Elapsed.TotalMilliseconds / batches;
        long bytesPerBatch = (GC.GetAllocatedBytesForCurrentThread() - allocated) / batches;
        Console.WriteLine($"  one thread:   {single,8:F1} ms CPU/batch ({singleWall:F1} ms wall)  {1000 * batchSize / single,7:F1} samples/s per core  ({bytesPerBatch} bytes allocated per batch)");

        // Spatial step alone: always-transformed samples, the box read vs the whole enlarged patch (baseline).
        var spatial = new SpatialTransform(parameters);
        int channels = sampler.Channels;
        var output = new float[channels * sampler.PatchSize.Voxels];
        var outputSeg = new float[sampler.PatchSize.Voxels];
        var whole = new float[channels * sampler.InitialPatchSize.Voxels];
        var wholeSeg = new float[sampler.InitialPatchSize.Voxels];
        int transforms = 0;
        double boxMs = 0, wholeMs = 0;
        random.Reseed(99);
        while (transforms < Math.Max(8, batches))
        {
            var p = spatial.Draw(random);
            var location = sampler.Sample(0, random);
            if (!p.Transforms) continue;
            transforms++;
            var (offset, size) = SpatialTransform.SourceBox(sampler.InitialPatchSize, sampler.PatchSize, p);
            cpu = CpuMilliseconds();
            sampler.Read(location, offset, size, whole.AsSpan(0, channels * size.Voxels), wholeSeg.AsSpan(0, size.Voxels));
            SpatialTransform.ApplyToBox(whole, wholeSeg, channels, sampler.InitialPatchSize, offset, size, p, output, outputSeg, sampler.PatchSize);
            boxMs += CpuMilliseconds() - cpu;
            cpu = CpuMilliseconds();
            sampler.Read(location, default, sampler.InitialPatchSize, whole, wholeSeg);
            SpatialTransform.ApplyToBox(whole, wholeSeg, channels, sampler.InitialPatchSize, default, sampler.InitialPatchSize, p, output, outputSeg, sampler.PatchSize);
            wholeMs += CpuMilliseconds() - cpu;
        }
        Console.WriteLine($"  rotated/scaled sample, read + spatial step: {boxMs / transforms,7:F1} ms CPU (needed box)  vs {wholeMs / transforms,7:F1} ms CPU (whole enlarged patch, baseline)  x{wholeMs / boxMs:F2}");

        // Centre-crop samples (64 % of them): the patch read directly vs the whole enlarged patch read and cropped.
        double cropMs = 0, cropWholeMs = 0;
        var crop = SpatialParameters.CentreCrop(parameters.InPlane);
        var (cropOffset, cropSize) = SpatialTransform.SourceBox(sampler.InitialPatchSize, sampler.PatchSize, crop);
        for (int k = 0; k < transforms; k++)
        {
            var location = sampler.Sample(0, random);
            cpu = CpuMilliseconds();
            sampler.Read(location, cropOffset, cropSize, output, outputSeg);
            cropMs += CpuMilliseconds() - cpu;
            cpu = CpuMilliseconds();
            sampler.Read(location, default, sampler.InitialPatchSize, whole, wholeSeg);
            SpatialTransform.ApplyToBox(whole, wholeSeg, channels, sampler.InitialPatchSize, default, sampler.InitialPatchSize, crop, output, outputSeg, sampler.PatchSize);
            cropWholeMs += CpuMilliseconds() - cpu;
        }
        Console.WriteLine($"  centre-crop sample, read:                  {cropMs / transforms,7:F1} ms CPU (patch only)  vs {cropWholeMs / transforms,7:F1} ms CPU (whole enlarged patch, baseline)");

        // All workers through the producer.
        using var producer = new BatchProducer(NewPipeline, workers, seed: 5, deterministic: false);
        for (int k = 0; k < 2 * workers; k++) producer.Next().Dispose();
        cpu = CpuMilliseconds();
        watch.Restart();
        for (int k = 0; k < batches; k++) producer.Next().Dispose();
        double parallelWall = watch.Elapsed.TotalMilliseconds / batches;
        double parallelCpu = (CpuMilliseconds() - cpu) / batches;
        Console.WriteLine($"  {workers} workers:    {parallelWall,8:F1} ms wall/batch  {1000 * batchSize / parallelWall,7:F1} samples/s  ({parallelCpu:F1} ms CPU/batch)");
    }

    internal static double CpuMilliseconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>The augmentation benchmarks' large CT-like case: an organ of radius 60 voxels holding a lesion of radius 25.</summary>
    internal static PreprocessedCase CtCase(string folder, string id, int[] shape, int seed) =>
        NestedSpheresCase.Write(folder, id, shape, seed, innerRadius: 25, outerRadius: 60, locationEvery: 100);
}
