using System.Diagnostics;
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
    const string Python = "/usr/bin/python3";

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
        var ours = new Dictionary<(string, int), double>();
        foreach (int threads in new[] { 1, 2 })
        {
            ours[("data", threads)] = Time(() => results["data"] = Resampler.Resample(image, 1, s.Shape, plan.NewShape,
                ResamplingScheme.Data, plan.SeparateZAxis, threads));
            ours[("seg", threads)] = Time(() => results["seg"] = Resampler.Resample(labels, 1, s.Shape, plan.NewShape,
                ResamplingScheme.Segmentation, plan.SeparateZAxis, threads));
        }

        var baseline = RunBaseline(s, plan, image, labels, dir);
        Console.WriteLine($"  {"part",-5} {"ours 1 thread",14} {"ours 2 threads",15} {"scipy (1 thread)",17} {"ratio 1t",9} {"ratio 2t",9}");
        foreach (var part in new[] { "data", "seg" })
        {
            double one = ours[(part, 1)], two = ours[(part, 2)];
            string scipy = baseline is null ? "skipped" : $"{baseline.Value.Seconds[part]:F3} s";
            string r1 = baseline is null ? "-" : $"{baseline.Value.Seconds[part] / one:F1}x";
            string r2 = baseline is null ? "-" : $"{baseline.Value.Seconds[part] / two:F1}x";
            Console.WriteLine($"  {part,-5} {one,12:F3} s {two,13:F3} s {scipy,17} {r1,9} {r2,9}");
            Console.WriteLine($"        {outVoxels / one / 1e6,10:F1} Mvox/s {outVoxels / two / 1e6,9:F1} Mvox/s" +
                              (baseline is null ? "" : $" {outVoxels / baseline.Value.Seconds[part] / 1e6,10:F1} Mvox/s"));
        }
        if (baseline is { } b)
        {
            double maxError = results["data"].Zip(b.Data).Max(p => Math.Abs(p.First - p.Second));
            int wrongLabels = results["seg"].Zip(b.Segmentation).Count(p => p.First != p.Second);
            Console.WriteLine($"  agreement with scipy: data max abs error {maxError:E2}, segmentation {wrongLabels} labels differ");
        }
    }

    /// <summary>Best of three runs after a warm-up, in seconds.</summary>
    static double Time(Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
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

    readonly record struct Baseline(Dictionary<string, double> Seconds, float[] Data, float[] Segmentation);

    static Baseline? RunBaseline(Scenario s, ResamplingPlan plan, float[] image, float[] labels, string dir)
    {
        if (!File.Exists(Python))
        {
            Console.WriteLine($"  baseline skipped: {Python} not found");
            return null;
        }
        string script = Path.Combine(dir, "baseline.py");
        File.WriteAllText(script, BaselineScript);
        WriteFloats(Path.Combine(dir, "image.f32"), image);
        WriteFloats(Path.Combine(dir, "labels.f32"), labels);
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, dir }.Concat(s.Shape.Select(v => v.ToString()))
                     .Concat(plan.NewShape.Select(v => v.ToString())).Append((plan.SeparateZAxis ?? -1).ToString()))
            start.ArgumentList.Add(a);
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
        var seconds = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        return new Baseline(seconds, ReadFloats(Path.Combine(dir, "data.out")), ReadFloats(Path.Combine(dir, "seg.out")));
    }

    static string Dims<T>(T[] values) => string.Join("x", values.Select(v => string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", v)));

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
            import scipy.ndimage as ndi
        except ImportError as e:
            print(f"scipy missing ({e})"); sys.exit(3)
        d = sys.argv[1]; shape = [int(v) for v in sys.argv[2:5]]; new = [int(v) for v in sys.argv[5:8]]; axis = int(sys.argv[8])

        def resize(img, out_shape, order):  # skimage.transform.resize(mode="edge", anti_aliasing=False)
            img = img.astype(float)
            out = ndi.zoom(img, [o / i for o, i in zip(out_shape, img.shape)], order=order, mode="nearest", grid_mode=True)
            if order > 0:
                np.clip(out, img.min(), img.max(), out=out)
            return out

        def resize_segmentation(seg, out_shape, order):
            out = np.zeros(out_shape, dtype=seg.dtype)
            for label in np.unique(seg):
                out[resize((seg == label).astype(float), out_shape, order) >= 0.5] = label
            return out

        def resample(data, is_seg, order):  # resample_data_or_seg for one channel, order_z 0
            fn = resize_segmentation if is_seg else resize
            if axis < 0:
                return fn(data.astype(float), new, order).astype(np.float32)
            plane = [s for i, s in enumerate(new) if i != axis]
            r = np.stack([fn(np.take(data, i, axis=axis).astype(float), plane, order).astype(np.float32)
                          for i in range(data.shape[axis])], axis)
            if r.shape[axis] == new[axis]:
                return r
            grid = np.mgrid[:new[0], :new[1], :new[2]]
            coords = np.array([(r.shape[i] / new[i]) * (grid[i] + 0.5) - 0.5 for i in range(3)])
            return ndi.map_coordinates(r, coords, order=0, mode="nearest")

        image = np.fromfile(f"{d}/image.f32", dtype=np.float32).reshape(shape)
        labels = np.fromfile(f"{d}/labels.f32", dtype=np.float32).reshape(shape)
        for name, arr, is_seg, order in (("data", image, False, 3), ("seg", labels, True, 1)):
            t = time.perf_counter()
            out = resample(arr, is_seg, order)
            print(name, time.perf_counter() - t)
            out.astype(np.float32).tofile(f"{d}/{name}.out")
        """;
}
