using System.Diagnostics;
using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Bench;

/// <summary>
/// One training step (forward + deep-supervision Dice+CE loss + backward) of the 3D Generic U-Net of the network
/// tests, against its forward pass alone as the baseline. Options: --batch N (1), --threads N (1), --repeats N (5).
/// </summary>
public sealed class GenericUNetStepBenchmark : IBenchmark
{
    public string Name => "unet-step";

    public string Description => "3D Generic U-Net forward+loss+backward vs forward only (pools [1,2,2],[2,2,2],[2,2,2], patch 16x32x32)";

    public void Run(string[] args)
    {
        int batch = BenchArgs.Int(args, "--batch", 1), threads = BenchArgs.Int(args, "--threads", 1), repeats = BenchArgs.Int(args, "--repeats", 5);
        torch.set_num_threads(threads);
        var spec = new NetworkSpec(3, 1, 3, [[1, 2, 2], [2, 2, 2], [2, 2, 2]], [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]]);
        torch.manual_seed(1);
        using var net = new GenericUNetArchitecture().Build(spec, CPU);
        Console.WriteLine(CpuConvolutionGuard.Ensure());
        long[] shape = [batch, 1, 16, 32, 32];
        using var input = randn(shape);
        using var target = randint(0, 3, shape).to_type(ScalarType.Float32);
        var scales = DeepSupervision.TargetScales(spec.PoolKernelSizes);
        var targets = DeepSupervision.DownsampleTargets(target, scales);
        var loss = new DeepSupervisionLoss(new DiceCrossEntropyLoss(batchDice: true), DeepSupervision.LossWeights(scales.Length));

        double forward = Timing.MedianMilliseconds(repeats, () =>
        {
            using var noGrad = no_grad();
            foreach (var o in net.call(input)) o.Dispose();
        });
        double step = Timing.MedianMilliseconds(repeats, () =>
        {
            using var scope = NewDisposeScope();
            net.zero_grad();
            loss.Compute(net.call(input), targets).backward();
        });
        foreach (var t in targets) t.Dispose();

        Console.WriteLine($"batch {batch}, {threads} thread(s), median of {repeats} after 1 warm-up:");
        Console.WriteLine($"  forward only (baseline)  {forward,8:F0} ms");
        Console.WriteLine($"  forward+loss+backward    {step,8:F0} ms  ({step / forward:F2}x baseline)");
    }
}
