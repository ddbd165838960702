using System.Diagnostics;
using System.Globalization;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Bench;

/// <summary>
/// Export of a 512x512x400 CT with 4 classes predicted at 3d_fullres spacing (coarser than the raw spacing, so the
/// export upsamples) back to the raw grid: our slab export against the naive way v1 does it (resample all class
/// probabilities at full size, then argmax, then uncrop), written with our own resampler. Each approach runs in a
/// fresh child process so its peak memory (VmHWM) is its own; both start from the same generated probabilities
/// and must give the same labels (hash printed). Options: --anisotropic (5 mm slices: separate z), --keep-npz
/// (also keep float16 probabilities, as --save_npz does), --threads N (default: all cores).
/// </summary>
public sealed class ExportBenchmark : IBenchmark
{
    const int Classes = 4;

    public string Name => "export";

    public string Description => "export a 512x512x400 4-class prediction to the raw grid: slab export vs resample-all-then-argmax";

    sealed record Scenario(string Name, int[] RawShape, double[] RawSpacing, int[][] CropBox, double[] TargetSpacing);

    static Scenario Choose(string[] args) => args.Contains("--anisotropic")
        ? new("anisotropic (5 mm slices, separate z)", [80, 512, 512], [5.0, 0.7, 0.7], [[0, 80], [40, 472], [24, 488]], [5.0, 1.0, 1.0])
        : new("isotropic-ish CT", [400, 512, 512], [1.0, 0.7, 0.7], [[0, 400], [40, 472], [24, 488]], [1.5, 1.0, 1.0]);

    public void Run(string[] args)
    {
        int childAt = Array.IndexOf(args, "--child");
        if (childAt >= 0)
        {
            RunChild(args[childAt + 1], args);
            return;
        }
        var scenario = Choose(args);
        var properties = Properties(scenario);
        Console.WriteLine($"== {scenario.Name}: raw {Dims(scenario.RawShape)} at {Dims(scenario.RawSpacing)} mm, crop {Dims(properties.ShapeAfterCropping)}, " +
                          $"prediction {Classes} x {Dims(properties.ShapeAfterResampling)} at {Dims(scenario.TargetSpacing)} mm, {Environment.ProcessorCount} cores");
        var results = new Dictionary<string, Dictionary<string, string>>();
        foreach (string approach in new[] { "slab", "naive" })
            results[approach] = Child(approach, args);

        var slab = results["slab"];
        var naive = results["naive"];
        Console.WriteLine($"  {"approach",-44} {"time",9} {"peak RSS",10} {"above input",12}  labels hash");
        foreach (var (name, r) in new[] { ("slab export (ours)", slab), ("resample all, then argmax (v1's way, baseline)", naive) })
            Console.WriteLine($"  {name,-44} {r["seconds"] + " s",9} {r["peak_mb"] + " MB",10} {r["above_mb"] + " MB",12}  {r["hash"]}");
        double Ratio(string key) => double.Parse(naive[key], CultureInfo.InvariantCulture) / double.Parse(slab[key], CultureInfo.InvariantCulture);
        Console.WriteLine($"  ratios baseline/ours: time {Ratio("seconds"):F1}x, peak RSS {Ratio("peak_mb"):F1}x, above input {Ratio("above_mb"):F1}x");
        Console.WriteLine($"  same labels: {(slab["hash"] == naive["hash"] ? "yes" : "NO")}; input probabilities {slab["input_mb"]} MB, " +
                          $"output labels {slab["output_mb"]} MB (uint8)");
    }

    static Dictionary<string, string> Child(string approach, string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        string? entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        if (entry is not null && Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(entry);
        foreach (string a in new[] { "export", "--child", approach }.Concat(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{approach} run failed:\n{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
    }

    static void RunChild(string approach, string[] args)
    {
        var scenario = Choose(args);
        int threads = BenchArgs.Int(args, "--threads", -1);
        bool keepNpz = args.Contains("--keep-npz");
        var properties = Properties(scenario);
        var probabilities = Probabilities(properties.ShapeAfterResampling);
        GC.Collect();
        ResetPeak();
        double input = Rss("VmRSS");

        var watch = Stopwatch.StartNew();
        LabelMap labels = approach == "slab"
            ? SegmentationExporter.Export(probabilities, Classes, properties, [0, 1, 2],
                new ExportOptions { MaxDegreeOfParallelism = threads, KeepProbabilities = keepNpz }).Segmentation
            : Naive(probabilities, properties, threads, keepNpz);
        double seconds = watch.Elapsed.TotalSeconds;
        double peak = Rss("VmHWM");

        Console.WriteLine(FormattableString.Invariant($"seconds={seconds:F2}"));
        Console.WriteLine(FormattableString.Invariant($"peak_mb={peak:F0}"));
        Console.WriteLine(FormattableString.Invariant($"above_mb={peak - input:F0}"));
        Console.WriteLine(FormattableString.Invariant($"input_mb={probabilities.LongLength * 4 / 1e6:F0}"));
        Console.WriteLine(FormattableString.Invariant($"output_mb={labels.Bytes.LongLength / 1e6:F0}"));
        Console.WriteLine($"hash={Hash(labels.Bytes):x16}");
    }

    /// <summary>v1's order in our code: every class resampled at full size, argmax, zeros of the raw shape, box filled
    /// (and with --keep-npz the float16 probabilities placed the same way).</summary>
    static LabelMap Naive(float[] probabilities, CaseProperties p, int threads, bool keepNpz)
    {
        int[] cropped = p.ShapeAfterCropping;
        int? separate = ResamplingPlan.ForShape(cropped, p.OriginalSpacing, p.SpacingAfterResampling).SeparateZAxis;
        var whole = Resampler.Resample(probabilities, Classes, p.ShapeAfterResampling, cropped, ResamplingScheme.Probabilities, separate, threads);
        int voxels = cropped[0] * cropped[1] * cropped[2];
        var argmax = new int[voxels];
        ClassArgmax.Run(whole, Classes, voxels, 0, argmax);
        var labels = new LabelMap(p.OriginalShape, new ImageGeometry(p.OriginalSpacing, p.Origin, p.Direction), Classes - 1);
        int rawVoxels = (int)labels.VoxelCount;
        var npz = keepNpz ? new Half[Classes * rawVoxels] : null;
        int[] raw = p.OriginalShape;
        for (int z = 0; z < cropped[0]; z++)
        for (int y = 0; y < cropped[1]; y++)
        for (int x = 0; x < cropped[2]; x++)
        {
            int source = (z * cropped[1] + y) * cropped[2] + x;
            int target = ((z + p.CropBox[0][0]) * raw[1] + y + p.CropBox[1][0]) * raw[2] + x + p.CropBox[2][0];
            labels.Bytes[target] = (byte)argmax[source];
            if (npz is not null)
                for (int c = 0; c < Classes; c++) npz[c * rawVoxels + target] = (Half)whole[c * voxels + source];
        }
        GC.KeepAlive(npz);
        return labels;
    }

    static CaseProperties Properties(Scenario s)
    {
        int[] cropped = s.CropBox.Select(b => b[1] - b[0]).ToArray();
        int[] resampled = Enumerable.Range(0, 3)
            .Select(i => (int)Math.Round(s.RawSpacing[i] / s.TargetSpacing[i] * cropped[i], MidpointRounding.ToEven)).ToArray();
        return new CaseProperties
        {
            CaseIdentifier = "bench_case",
            OriginalSpacing = s.RawSpacing,
            Origin = [-250, -250, -400],
            Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1],
            OriginalShape = s.RawShape,
            CropBox = s.CropBox,
            ShapeAfterCropping = cropped,
            ShapeAfterResampling = resampled,
            SpacingAfterResampling = s.TargetSpacing,
        };
    }

    /// <summary>Smooth class scores normalised per voxel (a softmax-like map with structures of a few cm).</summary>
    static float[] Probabilities(int[] shape)
    {
        int voxels = shape[0] * shape[1] * shape[2];
        var values = GC.AllocateUninitializedArray<float>(checked(Classes * voxels));
        var tables = Enumerable.Range(0, Classes).Select(c => Enumerable.Range(0, 3)
            .Select(a => Enumerable.Range(0, shape[a]).Select(i => (float)(1 + Math.Sin(0.05 * i * (1 + 0.3 * c) + a + c))).ToArray())
            .ToArray()).ToArray();
        Parallel.For(0, shape[0], z =>
        {
            for (int y = 0; y < shape[1]; y++)
            for (int x = 0; x < shape[2]; x++)
            {
                int v = (z * shape[1] + y) * shape[2] + x;
                float sum = 0;
                for (int c = 0; c < Classes; c++) sum += values[c * voxels + v] = tables[c][0][z] * tables[c][1][y] + tables[c][2][x] + 0.01f;
                for (int c = 0; c < Classes; c++) values[c * voxels + v] /= sum;
            }
        });
        return values;
    }

    static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A memory figure of /proc/self/status in MB (VmRSS now, VmHWM peak).</summary>
    static double Rss(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    static ulong Hash(byte[] bytes)
    {
        ulong h = 14695981039346656037;
        foreach (byte b in bytes) h = (h ^ b) * 1099511628211;
        return h;
    }

    static string Dims<T>(IEnumerable<T> values) => string.Join("x", values);
}
