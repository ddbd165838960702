using System.Diagnostics;
using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Bench;

/// <summary>
/// Is data loading the bottleneck of training? For a 3D and a 2D plan: the time one <see cref="BatchProducer"/> worker
/// needs to sample and augment a batch, next to one training step of that batch (forward, deep-supervision Dice+CE,
/// backward, clipping, SGD step) with torch on all cores, their ratio and samples per second per core. With --split it
/// also runs the real loop (producer + steps) for several splits of the cores between torch and the workers.
/// Options: --repeats N (3), --iterations N (3, per split), --split, --only 3d|2d.
/// </summary>
public sealed class TrainingStepBenchmark : IBenchmark
{
    public string Name => "train-step";

    public string Description => "sample+augment one batch (1 worker) vs one training step, 3D 2x1x32x64x64 and 2D 12x1x128x128; --split: torch/worker splits";

    sealed record Plan(string Name, int[] Patch, int BatchSize, int[][] Pools, int[] CaseShape);

    // The real network (32 base features, 320/480 cap) on patches a CPU trains in seconds per step; nnU-Net's own plans
    // (e.g. 2x128^3, 12x256^2) take minutes per step on two cores.
    static readonly Plan[] Plans =
    [
        new("3d 2x1x32x64x64, 4 pools", [32, 64, 64], 2, [[1, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]], [80, 160, 160]),
        new("2d 12x1x128x128, 5 pools", [128, 128], 12, [[2, 2], [2, 2], [2, 2], [2, 2], [2, 2]], [24, 192, 192]),
    ];

    public void Run(string[] args)
    {
        int repeats = BenchArgs.Int(args, "--repeats", 3), iterations = BenchArgs.Int(args, "--iterations", 3);
        bool split = args.Contains("--split");
        string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        int cores = Environment.ProcessorCount;
        Console.WriteLine(CpuConvolutionGuard.Ensure());
        Console.WriteLine($"cores {cores}; median of {repeats} after a warm-up");
        string folder = Path.Combine(Path.GetTempPath(), $"nnunet-bench-train-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var plan in Plans.Where(p => only is null || p.Name.StartsWith(only, StringComparison.Ordinal)))
            {
                var cases = Enumerable.Range(0, 2).Select(i => SphereCase(folder, $"{plan.Name[..2]}_{i}", plan.CaseShape, i)).ToList();
                Measure(plan, cases, cores, repeats);
                if (split) MeasureSplits(plan, cases, cores, iterations);
                foreach (var c in cases) c.Dispose();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static void Measure(Plan plan, List<PreprocessedCase> cases, int cores, int repeats)
    {
        Console.WriteLine($"\n{plan.Name}");
        var (parameters, scales) = Augmentation(plan);

        // Sampling + augmentation by one worker, nothing else running.
        double augment;
        float[] data;
        float[][] targets;
        long[] dataShape;
        long[][] targetShapes;
        using (var producer = BatchProducer.ForTraining(cases, plan.Patch, plan.BatchSize, parameters, scales, 1, seed: 1, deterministic: false))
        {
            producer.Next().Dispose();
            augment = Timing.MedianMilliseconds(repeats, () => producer.Next().Dispose());
            using var batch = producer.Next();
            (data, targets) = ((float[])batch.Data.Clone(), [.. batch.Targets.Select(t => (float[])t.Clone())]);
            (dataShape, targetShapes) = (batch.DataShape, [.. batch.TargetShapes]);
        }

        // One training step of that batch, torch on every core.
        torch.set_num_threads(cores);
        using var step = new Step(plan, scales);
        using var input = tensor(data, dataShape);
        var labels = targets.Select((t, s) => tensor(t, targetShapes[s])).ToArray();
        double train = Timing.MedianMilliseconds(repeats, () => step.Run(input, labels));
        foreach (var t in labels) t.Dispose();

        Console.WriteLine($"  sample + augment (1 worker)   {augment,8:F0} ms/batch  {1000.0 * plan.BatchSize / augment,7:F2} samples/s per core");
        Console.WriteLine($"  training step ({cores} threads)    {train,8:F0} ms/batch  {1000.0 * plan.BatchSize / train / cores,7:F2} samples/s per core");
        Console.WriteLine($"  augment / step = {augment / train:F3}: one worker keeps up while this is below 1");
    }

    /// <summary>The real loop (a producer with W workers feeding steps with T torch threads): wall time per iteration.</summary>
    static void MeasureSplits(Plan plan, List<PreprocessedCase> cases, int cores, int iterations)
    {
        var (parameters, scales) = Augmentation(plan);
        var splits = new[] { (cores, 1), (Math.Max(1, cores - 1), 1), (cores, 2), (cores, Math.Max(2, cores)) }.Distinct();
        Console.WriteLine($"  training loop, {iterations} iterations after 1 warm-up:");
        foreach (var (threads, workers) in splits)
        {
            torch.set_num_threads(threads);
            using var step = new Step(plan, scales);
            using var producer = BatchProducer.ForTraining(cases, plan.Patch, plan.BatchSize, parameters, scales, workers, seed: 2, deterministic: false);
            void Iteration()
            {
                using var scope = NewDisposeScope();
                var batch = producer.Next();
                var input = tensor(batch.Data, batch.DataShape);
                var labels = batch.Targets.Select((t, s) => tensor(t, batch.TargetShapes[s])).ToArray();
                batch.Dispose();
                step.Run(input, labels);
            }
            Iteration();
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < iterations; i++) Iteration();
            double perIteration = watch.Elapsed.TotalMilliseconds / iterations;
            Console.WriteLine($"    torch {threads} threads, {workers} worker(s): {perIteration,8:F0} ms/iteration");
        }
    }

    static (AugmentationParameters, IReadOnlyList<double[]>) Augmentation(Plan plan) =>
        (AugmentationParameters.ForConfiguration(plan.Patch, doDummy2D: false, [false]),
         DeepSupervisionTargets.ScalesFromPoolKernels(plan.Pools));

    /// <summary>The trainer's step: forward, deep-supervision Dice + CE, backward, gradient clipping, SGD step.</summary>
    sealed class Step : IDisposable
    {
        readonly SegmentationNetwork _network;
        readonly OptimizerHelper _optimizer;
        readonly DeepSupervisionLoss _loss;
        readonly Parameter[] _parameters;

        public Step(Plan plan, IReadOnlyList<double[]> scales)
        {
            int dims = plan.Patch.Length;
            // 3x3(x3) kernels, 1x3x3 where the first pool leaves z alone (as the planner makes them).
            int[][] kernels = [.. Enumerable.Range(0, plan.Pools.Length + 1).Select(i =>
                i == 0 && dims == 3 && plan.Pools[0][0] == 1 ? new[] { 1, 3, 3 } : Enumerable.Repeat(3, dims).ToArray())];
            var spec = new NetworkSpec(dims, 1, 3, plan.Pools, kernels, MaxFeatures: dims == 2 ? NnUNetTrainer.MaxFeatures2D : NnUNetTrainer.MaxFeatures3D);
            _network = new GenericUNetArchitecture().Build(spec, CPU);
            _parameters = [.. _network.parameters()];
            _optimizer = new SafeSgd(_parameters, NnUNetTrainer.DefaultInitialLearningRate, momentum: NnUNetTrainer.SgdMomentum,
                weightDecay: NnUNetTrainer.SgdWeightDecay, nesterov: true);
            _loss = new DeepSupervisionLoss(new DiceCrossEntropyLoss(batchDice: dims == 2), DeepSupervision.LossWeights(scales.Count));
        }

        public void Run(Tensor input, Tensor[] targets)
        {
            using var scope = NewDisposeScope();
            _optimizer.zero_grad();
            _loss.Compute(_network.call(input), targets).backward();
            GradientClipping.ClipByTotalNorm(_parameters, NnUNetTrainer.GradientClipNorm);
            _optimizer.step();
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _network.Dispose();
        }
    }

    /// <summary>Nested spheres scaled to the case: outer radius a third of the in-plane size, inner half of it.</summary>
    static PreprocessedCase SphereCase(string folder, string id, int[] shape, int seed)
    {
        double radius = Math.Min(shape[1], shape[2]) / 3.0;
        return NestedSpheresCase.Write(folder, id, shape, seed, radius / 2, radius, locationEvery: 50);
    }
}
