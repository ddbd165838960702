using System.Diagnostics;
using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Bench;

/// <summary>
/// Sliding-window prediction of one 24x48x48 case with a small 3D Generic U-Net (patch 16x32x32, 8 tiles, 8 mirrors
/// each), for several batch sizes (network inputs per forward pass); batch 1 is v1's one-at-a-time order and the
/// baseline. Options: --threads N (torch threads, default all cores), --batches 1,8 (default).
/// </summary>
public sealed class PredictBenchmark : IBenchmark
{
    public string Name => "predict";

    public string Description => "sliding window with mirroring on a small 3D U-Net: time per case by batch size (batch 1 = v1's order)";

    public void Run(string[] args)
    {
        int threadsAt = Array.IndexOf(args, "--threads");
        torch.set_num_threads(threadsAt >= 0 ? int.Parse(args[threadsAt + 1], CultureInfo.InvariantCulture) : Environment.ProcessorCount);
        int batchesAt = Array.IndexOf(args, "--batches");
        int[] batches = batchesAt >= 0 ? args[batchesAt + 1].Split(',').Select(int.Parse).ToArray() : [1, 8];
        torch.manual_seed(1);
        var spec = new NetworkSpec(3, 1, 3, [[2, 2, 2], [2, 2, 2], [2, 2, 2]], [[3, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]], BaseFeatures: 8);
        using var network = new GenericUNetArchitecture().Build(spec, CPU);
        int[] patch = [16, 32, 32], shape = [24, 48, 48];
        var random = new Random(2);
        var data = Enumerable.Range(0, shape[0] * shape[1] * shape[2]).Select(_ => (float)random.NextDouble()).ToArray();
        Console.WriteLine($"case {string.Join("x", shape)}, patch {string.Join("x", patch)}, {torch.get_num_threads()} torch threads, mirroring on (8 passes per tile)");

        float[]? reference = null;
        double? baseline = null;
        foreach (int batch in batches)
        {
            var predictor = new SlidingWindowPredictor([network], new SlidingWindowSettings(patch, 3) { BatchSize = batch }, CPU);
            predictor.Predict(data, 1, shape); // warm-up
            var watch = Stopwatch.StartNew();
            var result = predictor.Predict(data, 1, shape);
            double seconds = watch.Elapsed.TotalSeconds;
            baseline ??= seconds;
            reference ??= result;
            double difference = result.Zip(reference).Max(p => Math.Abs(p.First - p.Second));
            Console.WriteLine($"  batch {batch,3}: {seconds,7:F2} s per case  ({baseline / seconds:F2}x batch {batches[0]}), max difference {difference:E1}");
        }
    }
}
