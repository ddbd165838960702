using System.Diagnostics;
using System.Globalization;
using NnUNet.Core.Imaging;

namespace NnUNet.Bench;

/// <summary>
/// Resampling of a realistic case (image + 3-label segmentation) to a target spacing, ours with 1 and 2 threads
/// against the original call chain in the same run: scipy.ndimage.zoom with skimage resize's arguments (order 3 or
/// 1, mode nearest, grid_mode, clip) per channel or per slice, v1's map_coordinates along the separate axis and
/// its per-label segmentation resize, via /usr/bin/python3 (skipped with a note when scipy is missing).
/// </summary>
public sealed class ResamplingBenchmark : IBenchmark
{
    public string Name => "resample";

    public string Description => "resample a 64x256x256 case (image + 3 labels) to a target spacing vs scipy (the original chain)";

    sealed record Scenario(string Name, int[] Shape, double[] Spacing, double[] Target);

    public void Run(string[] args)
    {
        var scenarios = new[]
        {
            new Scenario("anisotropic (separate z)", [64, 256, 256], [3.0, 0.8, 0.8], [1.5, 0.75, 0.75]),
            new Scenario("near-isotropic (3D cubic)", [64, 256, 256], [1.2, 0.9, 0.9], [1.0, 1.0, 1.0]),
        };
        string dir = Directory.CreateTempSubdirectory("nnunet-resample-bench-").FullName;
        try
        {
            foreach (var scenario in scenarios) RunScenario(scenario, dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static void RunScenario(Scenario s, string dir)
    {
        var (image, labels) = MakeCase(s.Shape);
        var plan = ResamplingPlan.ForSpacing(s.Shape, s.Spacing, s.Target);
        long outVoxels = (long)plan.NewShape[0] * plan.NewShape[1] * plan.NewShape[2];
        Console.WriteLine($"== {s.Name}: 1 x {Dims(s.Shape)} spacing {Dims(s.Spacing)} -> {Dims(s.Target)}: " +
                          $"{Dims(plan.NewShape)}, separate z axis: {plan.SeparateZAxis?.ToString() ?? "none"}");

        var results = new Dictionary<string, float[]>();
        var ours = new Dictionary<(string, int), Timing>();
        foreach (int threads in new[] { 1, 2 })
        {
            ours[("data", threads)] = Time(() => results["data"] = Resampler.Resample(image, 1, s.Shape, plan.NewShape,
                ResamplingScheme.Data, plan.SeparateZAxis, threads));
            ours[("seg", threads)] = Time(() => results["seg"] = Resampler.Resample(labels, 1, s.Shape, plan.NewShape,
                ResamplingScheme.Segmentation, plan.SeparateZAxis, threads));
        }

        var baseline = RunBaseline(s, plan, image, labels, dir);
        Console.WriteLine($"  {"",-5} {"ours 1 thread",22} {"ours 2 threads",22} {"scipy (1 thread)",22} {"speed-up 1t",12} {"2t",6}");
        foreach (var part in new[] { "data", "seg" })
        {
            var one = ours[(part, 1)];
            var two = ours[(part, 2)];
            var scipy = baseline?.Timings[part];
            Console.WriteLine($"  {part,-5} {Show(one),22} {Show(two),22} {(scipy is null ? "skipped" : Show(scipy.Value)),22} " +
                              $"{(scipy is null ? "-" : $"{scipy.Value.Wall / one.Wall:F1}x"),12} {(scipy is null ? "-" : $"{scipy.Value.Wall / two.Wall:F1}x"),6}");
            Console.WriteLine($"  {"",-5} {Rate(one),22} {Rate(two),22} {(scipy is null ? "" : Rate(scipy.Value)),22} " +
                              $"{(scipy is null ? "" : $"cpu {scipy.Value.Cpu / one.Cpu:F1}x"),12}");
        }
        Console.WriteLine("  (wall = best of 3 after a warm-up; cpu = process CPU time of that run)");
        if (baseline is { } b)
        {
            double maxError = results["data"].Zip(b.Data).Max(p => Math.Abs(p.First - p.Second));
            int wrongLabels = results["seg"].Zip(b.Segmentation).Count(p => p.First != p.Second);
            Console.WriteLine($"  agreement with scipy: data max abs error {maxError:E2}, segmentation {wrongLabels} labels differ");
        }

        string Show(Timing t) => $"{t.Wall:F3} s (cpu {t.Cpu:F3})";
        string Rate(Timing t) => $"{outVoxels / t.Wall / 1e6:F1} Mvox/s";
    }

    readonly record struct Timing(double Wall, double Cpu);

    /// <summary>Best of three runs after a warm-up: wall seconds and the process CPU seconds of that run.</summary>
    static Timing Time(Action action)
    {
        action();
        var best = new Timing(double.MaxValue, 0);
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            var cpu = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            action();
            double wall = watch.Elapsed.TotalSeconds;
            if (wall < best.Wall) best = new Timing(wall, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
        }
        return best;
    }

    /// <summary>A smooth image with noise and a segmentation of two overlapping ellipsoids (labels 0, 1, 2).</summary>
    static (float[] Image, float[] Labels) MakeCase(int[] shape)
    {
        int z = shape[0], y = shape[1], x = shape[2];
        var image = new float[z * y * x];
        var labels = new float[image.Length];
        var random = new Random(1234);
        for (int k = 0; k < z; k++)
        for (int j = 0; j < y; j++)
        for (int i = 0; i < x; i++)
        {
            int index = (k * y + j) * x + i;
            double u = (double)k / z, v = (double)j / y, w = (double)i / x;
            image[index] = (float)(100 * Math.Sin(6 * u + 3 * v) * Math.Cos(5 * w) + 40 * v + 10 * random.NextDouble());
            double a = Sq((u - 0.5) / 0.35) + Sq((v - 0.45) / 0.3) + Sq((w - 0.5) / 0.25);
            double b = Sq((u - 0.55) / 0.2) + Sq((v - 0.55) / 0.15) + Sq((w - 0.6) / 0.12);
            labels[index] = b < 1 ? 2 : a < 1 ? 1 : 0;
        }
        return (image, labels);
    }

    static double Sq(double v) => v * v;

    readonly record struct Baseline(Dictionary<string, Timing> Timings, float[] Data, float[] Segmentation);

    static Baseline? RunBaseline(Scenario s, ResamplingPlan plan, float[] image, float[] labels, string dir)
    {
        if (!ReferencePython.Exists)
        {
            Console.WriteLine($"  baseline skipped: {ReferencePython.Interpreter} not found");
            return null;
        }
        string script = Path.Combine(dir, "baseline.py");
        File.WriteAllText(script, BaselineScript);
        WriteFloats(Path.Combine(dir, "image.f32"), image);
        WriteFloats(Path.Combine(dir, "labels.f32"), labels);
        var start = ReferencePython.Start(new[] { script, dir }.Concat(s.Shape.Select(v => v.ToString()))
            .Concat(plan.NewShape.Select(v => v.ToString())).Append((plan.SeparateZAxis ?? -1).ToString()));
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 3)
        {
            Console.WriteLine($"  baseline skipped: {stdout.Trim()}");
            return null;
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"baseline failed: {stderr}");
        var timings = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(
            p => p[0], p => new Timing(double.Parse(p[1], CultureInfo.InvariantCulture), double.Parse(p[2], CultureInfo.InvariantCulture)));
        return new Baseline(timings, ReadFloats(Path.Combine(dir, "data.out")), ReadFloats(Path.Combine(dir, "seg.out")));
    }

    static string Dims<T>(T[] values) => string.Join("x", values.Select(v => string.Format(CultureInfo.InvariantCulture, "{0}", v)));

    static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>The original chain with the calls skimage 0.19 and v1 make (skimage itself is not needed).</summary>
    const string BaselineScript = """
        import sys, time
        try:
            import numpy as np
            from nnunet_v1 import resample
        except ImportError as e:
            print(f"scipy missing ({e})"); sys.exit(3)
        d = sys.argv[1]; shape = [int(v) for v in sys.argv[2:5]]; new = [int(v) for v in sys.argv[5:8]]; axis = int(sys.argv[8])

        image = np.fromfile(f"{d}/image.f32", dtype=np.float32).reshape(shape)
        labels = np.fromfile(f"{d}/labels.f32", dtype=np.float32).reshape(shape)
        for name, arr, is_seg in (("data", image, False), ("seg", labels, True)):  # order 3 / per-label 1, order_z 0
            t, c = time.perf_counter(), time.process_time()
            out = resample(arr[None], is_seg, new, None if axis < 0 else axis)[0]
            print(name, time.perf_counter() - t, time.process_time() - c)
            out.astype(np.float32).tofile(f"{d}/{name}.out")
        """;
}
