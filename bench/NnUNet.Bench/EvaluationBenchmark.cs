using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;

namespace NnUNet.Bench;

/// <summary>
/// Evaluation and connected components on one generated case (default 400 x 512 x 512, z y x): an ellipsoid organ
/// (label 1) with a tumour (label 2), predicted with shifted borders and 24 spurious blobs. Measures evaluate_folder
/// against reading the two files, the in-memory confusion count, component labelling and largest-component
/// removal, determine_postprocessing on the case, and (via /usr/bin/python3 with scipy) scipy.ndimage.label and
/// v1's numpy loops on the same volume. Options: depth height width repeats noise (a fraction of voxels set to a
/// random label 0..2 in the prediction: many tiny components and short runs, the hard case; default 0).
/// </summary>
public sealed class EvaluationBenchmark : IBenchmark
{
    const int Blobs = 24;

    public string Name => "evaluate";
    public string Description => "evaluate_folder, confusion counts, components, postprocessing on 400x512x512 vs scipy/v1 numpy (args: z y x repeats noise)";

    public void Run(string[] args)
    {
        int[] shape = [Arg(args, 0, 400), Arg(args, 1, 512), Arg(args, 2, 512)];
        int repeats = Arg(args, 3, 3);
        double noise = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        string root = Path.Combine(Path.GetTempPath(), $"nnunet-bench-evaluate-{Guid.NewGuid():N}");
        try
        {
            var clock = Stopwatch.StartNew();
            var (reference, prediction) = Generate(shape, noise);
            string refFolder = Path.Combine(root, "gt"), rawFolder = Path.Combine(root, "fold_0", "validation_raw");
            var geometry = new ImageGeometry([1.5, 0.8, 0.8], [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
            LabelMapFile.Write(Path.Combine(refFolder, "case.nii.gz"), new Image(reference, 1, shape, geometry));
            LabelMapFile.Write(Path.Combine(rawFolder, "case.nii.gz"), new Image(prediction, 1, shape, geometry));
            Console.WriteLine($"volume {string.Join(" x ", shape)} ({reference.Length / 1e6:F1} M voxels, noise {noise:P1}), generated and written in {clock.Elapsed.TotalSeconds:F1} s");
            int[] labels = [0, 1, 2];

            double read = Best(repeats, () => { NiftiReader.Read(Path.Combine(refFolder, "case.nii.gz")); NiftiReader.Read(Path.Combine(rawFolder, "case.nii.gz")); });
            double evaluate = Best(repeats, () => FolderEvaluator.EvaluateFolder(refFolder, rawFolder, labels, new EvaluationOptions { MaxParallelism = 1 }));
            double count = Best(repeats, () => LabelConfusion.Count(prediction, reference, labels));
            int components = 0;
            double find = Best(repeats, () => components = ConnectedComponents.Find(prediction, shape, [1, 2]).Count);
            var work = new float[prediction.Length];
            double keepMerged = Best(repeats, () => LargestComponent.Keep(work, shape, [1, 2]), () => prediction.CopyTo(work, 0));
            double keepPerClass = Best(repeats, () => { LargestComponent.Keep(work, shape, [1]); LargestComponent.Keep(work, shape, [2]); }, () => prediction.CopyTo(work, 0));
            var map = new LabelMap(shape, geometry, 2);
            double keepMap = Best(repeats, () => LargestComponent.Keep(map, [1, 2]), () => { for (int i = 0; i < prediction.Length; i++) map.Bytes[i] = (byte)prediction[i]; });
            string fold = Path.GetDirectoryName(rawFolder)!;
            PostprocessingDetermination? decision = null;
            double determine = Best(repeats, () => decision = PostprocessingPlanner.Determine(fold, refFolder, "validation_raw", "validation_raw_postprocessed"));

            Console.WriteLine($"read both .nii.gz (baseline)                {read:F2} s");
            Console.WriteLine($"evaluate_folder, 1 case, labels 0 1 2       {evaluate:F2} s ({evaluate / read:F2} x reading)");
            Console.WriteLine($"  confusion counts in memory (3 labels)     {count:F3} s");
            Console.WriteLine($"{$"components of labels 1+2 ({components} found)",-44}{find:F3} s");
            Console.WriteLine($"keep largest of labels 1+2                  {keepMerged:F3} s");
            Console.WriteLine($"keep largest of label 1, then of label 2    {keepPerClass:F3} s");
            Console.WriteLine($"keep largest of labels 1+2, uint8 LabelMap  {keepMap:F3} s (the predict/ensemble path)");
            Console.WriteLine($"determine_postprocessing, 1 case (2 classes) {determine:F2} s -> for_which_classes {decision!.Postprocessing}");
            RunPython(root, prediction, reference, shape);
            Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    static int Arg(string[] args, int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;

    /// <summary>Best wall time over the repeats; <paramref name="prepare"/> runs untimed before each.</summary>
    static double Best(int repeats, Action action, Action? prepare = null)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            prepare?.Invoke();
            GC.Collect();
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }

    static (float[] Reference, float[] Prediction) Generate(int[] shape, double noise)
    {
        int d = shape[0], h = shape[1], w = shape[2];
        var reference = new float[(long)d * h * w];
        var prediction = new float[reference.Length];
        double cz = d / 2.0, cy = h / 2.0, cx = w / 2.0;
        Parallel.For(0, d, z =>
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    long i = ((long)z * h + y) * w + x;
                    double organ = Sq((z - cz) / (0.30 * d)) + Sq((y - cy) / (0.35 * h)) + Sq((x - cx) / (0.32 * w));
                    double organPred = Sq((z - cz - 2) / (0.30 * d + 3)) + Sq((y - cy) / (0.35 * h - 2)) + Sq((x - cx + 3) / (0.32 * w));
                    double tumour = Sq((z - cz) / (0.08 * d)) + Sq((y - cy - 0.2 * h) / (0.08 * h)) + Sq((x - cx) / (0.08 * w));
                    double tumourPred = Sq((z - cz - 3) / (0.08 * d)) + Sq((y - cy - 0.2 * h) / (0.08 * h)) + Sq((x - cx - 4) / (0.08 * w));
                    reference[i] = tumour <= 1 ? 2 : organ <= 1 ? 1 : 0;
                    prediction[i] = tumourPred <= 1 ? 2 : organPred <= 1 ? 1 : 0;
                }
            }
        });
        var random = new Random(1);
        for (int b = 0; b < Blobs; b++) // spurious objects in the corners, away from the organ
        {
            int size = random.Next(3, 9), z0 = random.Next(0, d / 8), y0 = random.Next(0, h / 8), x0 = random.Next(0, w - size);
            float label = 1 + b % 2;
            for (int z = z0; z < Math.Min(d, z0 + size); z++)
                for (int y = y0; y < Math.Min(h, y0 + size); y++)
                    for (int x = x0; x < x0 + size; x++) prediction[((long)z * h + y) * w + x] = label;
        }
        for (long n = (long)(noise * prediction.Length); n > 0; n--) prediction[random.NextInt64(prediction.Length)] = random.Next(3);
        return (reference, prediction);
    }

    static double Sq(double v) => v * v;

    const string PythonScript = """
        import json, sys, time
        import numpy as np
        from scipy import ndimage
        pred = np.fromfile(sys.argv[1], '<f4').reshape([int(v) for v in sys.argv[3:6]]).astype(np.uint8)
        ref = np.fromfile(sys.argv[2], '<f4').reshape(pred.shape).astype(np.uint8)
        t = time.perf_counter(); mask = np.isin(pred, [1, 2]); lmap, n = ndimage.label(mask); label_s = time.perf_counter() - t
        # v1 remove_all_but_the_largest_connected_component: one pass per object for its size and one per removal
        # (beyond 100 objects: the first 20 of each are timed and scaled to n, the loops would take hours)
        t = time.perf_counter(); work = pred.copy(); k = n if n <= 100 else 20
        sizes = {i: (lmap == i).sum() for i in range(1, k + 1)}; largest = max(sizes.values())
        for i in range(1, k + 1):
            if sizes[i] != largest: work[(lmap == i) & mask] = 0
        remove_s = (time.perf_counter() - t) * n / k
        # v1 ConfusionMatrix per label: boolean maps and four sums each
        t = time.perf_counter()
        for l in (0, 1, 2):
            a, b = pred == l, ref == l
            tp = int((a & b).sum()); fp = int((a & ~b).sum()); fn = int((~a & b).sum()); tn = int((~a & ~b).sum())
        confusion_s = time.perf_counter() - t
        print(json.dumps({"label": label_s, "objects": int(n), "remove": remove_s, "estimated": bool(k < n), "confusion": confusion_s, "scipy": __import__("scipy").__version__}))
        """;

    static void RunPython(string root, float[] prediction, float[] reference, int[] shape)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            Console.WriteLine("scipy baseline not measured: /usr/bin/python3 not found");
            return;
        }
        string predFile = Path.Combine(root, "pred.f32"), refFile = Path.Combine(root, "ref.f32");
        WriteRaw(predFile, prediction);
        WriteRaw(refFile, reference);
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-c", PythonScript, predFile, refFile }.Concat(shape.Select(s => s.ToString(CultureInfo.InvariantCulture))))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"scipy baseline not measured: {stderr.Result.Trim().Split('\n').LastOrDefault()}");
            return;
        }
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        Console.WriteLine($"scipy {r.GetProperty("scipy").GetString()}: ndimage.label of labels 1+2 ({r.GetProperty("objects").GetInt32()} found) {r.GetProperty("label").GetDouble():F3} s");
        string estimated = r.GetProperty("estimated").GetBoolean() ? " (estimated from 20 objects)" : "";
        Console.WriteLine($"v1 numpy: remove all but the largest (per-object passes) {r.GetProperty("remove").GetDouble():F2} s{estimated}");
        Console.WriteLine($"v1 numpy: per-label confusion (3 labels)          {r.GetProperty("confusion").GetDouble():F3} s");
    }

    static void WriteRaw(string path, float[] data)
    {
        using var file = File.Create(path);
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
    }
}
