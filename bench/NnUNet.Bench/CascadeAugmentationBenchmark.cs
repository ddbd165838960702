using System.Diagnostics;
using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Bench;

/// <summary>
/// The cascade's extra work per training sample on a 128^3 patch: the ball morphology (distance transforms) against the
/// brute-force operator with the ball's offsets (what scipy.ndimage does), and whole batches of 2x1x128^3 with and
/// without the previous stage's two one-hot channels (v1 parameters, and with the component removal switched on).
/// CPU time of this process. Options: --batches N (default 10).
/// </summary>
public sealed class CascadeAugmentationBenchmark : IBenchmark
{
    public string Name => "cascade-augment";

    public string Description => "cascade augmentation: ball morphology on 128^3 vs brute force; 2x1x128^3 batches with/without previous stage";

    public void Run(string[] args)
    {
        int batches = args.Length > 1 && args[0] == "--batches" ? int.Parse(args[1]) : 10;
        Morphology();
        string folder = Path.Combine(Path.GetTempPath(), $"nnunet-bench-cascade-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var cases = new List<PreprocessedCase> { AugmentationBenchmark.CtCase(folder, "ct_0", [160, 320, 320], 1), AugmentationBenchmark.CtCase(folder, "ct_1", [200, 280, 300], 2) };
            // The previous stage "predicted" the reference: the same labels as its own segmentation.
            var previous = cases.Select(c =>
            {
                PreviousStageSegmentation.Write(folder, c.CaseIdentifier, c.ReadSegmentation().Select(v => Math.Max(v, 0)).ToArray(), [.. c.Shape], "bench");
                return PreviousStageSegmentation.Open(folder, c.CaseIdentifier);
            }).ToList();
            int[] patch = [128, 128, 128];
            var parameters = AugmentationParameters.For3D([false]);
            var sampler = new PatchSampler(cases, patch, InitialPatchSize.Compute(patch, parameters), 2);
            var scales = DeepSupervisionTargets.ScalesFromPoolKernels([[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]]);
            Console.WriteLine($"\nbatches of 2x1x128^3 (3 labels), one thread, {batches} batches each:");
            double plain = Batches(new AugmentationPipeline(parameters, sampler, scales), batches);
            Console.WriteLine($"  without previous stage:               {plain,8:F1} ms CPU/batch");
            double v1 = Batches(new AugmentationPipeline(parameters, sampler, scales, new PreviousStageInput(previous, 3, CascadeAugmentationParameters.V1)), batches);
            Console.WriteLine($"  cascade, v1 (no component removal):   {v1,8:F1} ms CPU/batch  x{v1 / plain:F2}");
            double removal = Batches(new AugmentationPipeline(parameters, sampler, scales, new PreviousStageInput(previous, 3, new CascadeAugmentationParameters())), batches);
            Console.WriteLine($"  cascade, with component removal:      {removal,8:F1} ms CPU/batch  x{removal / plain:F2}");
            foreach (var p in previous) p.Dispose();
            foreach (var c in cases) c.Dispose();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static void Morphology()
    {
        int[] shape = [128, 128, 128];
        var random = new Random(3);
        var mask = new bool[128 * 128 * 128];
        for (int z = 0, i = 0; z < 128; z++)
            for (int y = 0; y < 128; y++)
                for (int x = 0; x < 128; x++, i++)
                    mask[i] = (z - 64) * (z - 64) + (y - 60) * (y - 60) + (x - 70) * (x - 70) < 45 * 45 || random.Next(2000) == 0;
        var morphology = new BallMorphology(shape);
        Console.WriteLine("ball morphology on a 128^3 mask (a ball of radius 45 and scattered voxels), ms CPU:");
        foreach (double radius in new[] { 1.5, 4.0, 8.0 })
        {
            var times = Enum.GetValues<BinaryOperation>().Select(op =>
            {
                var copy = (bool[])mask.Clone();
                double cpu = AugmentationBenchmark.CpuMilliseconds();
                morphology.Apply(op, copy, radius);
                return $"{op} {AugmentationBenchmark.CpuMilliseconds() - cpu:F0}";
            });
            int n = 2 * (int)radius + 1;
            var ball = new bool[n * n * n];
            for (int z = 0, i = 0; z < n; z++)
                for (int y = 0; y < n; y++)
                    for (int x = 0; x < n; x++, i++)
                        ball[i] = Math.Pow(z - n / 2, 2) + Math.Pow(y - n / 2, 2) + Math.Pow(x - n / 2, 2) <= radius * radius;
            var element = new StructuringElement([n, n, n], ball);
            double start = AugmentationBenchmark.CpuMilliseconds();
            BinaryMorphology.Erode(mask, shape, element);
            double brute = AugmentationBenchmark.CpuMilliseconds() - start;
            Console.WriteLine($"  r {radius,4:F1} ({element.Offsets.Length,4} offsets): {string.Join(", ", times)}; brute-force erosion {brute:F0}");
        }
    }

    static double Batches(AugmentationPipeline pipeline, int batches)
    {
        var batch = pipeline.CreateBatch();
        var random = new TrainingRandom(0);
        pipeline.Fill(batch, random);
        double cpu = AugmentationBenchmark.CpuMilliseconds();
        for (int k = 0; k < batches; k++)
        {
            random.Reseed(TrainingRandom.SeedFor(1, k));
            pipeline.Fill(batch, random);
        }
        return (AugmentationBenchmark.CpuMilliseconds() - cpu) / batches;
    }
}
