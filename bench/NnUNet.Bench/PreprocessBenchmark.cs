using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Bench;

/// <summary>
/// plan_and_preprocess on a generated 3D Task (default 10 CT cases of 64x256x256, spacing about 3 x 0.8 x 0.8 mm,
/// int16 images zero outside a body cylinder, 2 labels): fingerprint, planning and every stage separately, in a
/// fresh child process per run (so each run's peak memory is its own), with 1 thread and with all cores. The
/// same-run baseline is v1's per-case core in numpy/scipy/nibabel (/usr/bin/python3), one process per phase:
/// read + crop + foreground samples + statistics (fingerprint); read + crop + transpose + skimage-equivalent
/// resampling + normalisation + class locations (each stage, with our plans). Options: cases, z y x, --baseline-cases N.
/// </summary>
public sealed class PreprocessBenchmark : IBenchmark
{
    const string ChildFlag = "--child";
    const double MegaBytes = 1 << 20;

    public string Name => "preprocess";

    public string Description => "plan_and_preprocess per phase (10 x 64x256x256 CT) vs v1's numpy/scipy per-case core (args: cases z y x --baseline-cases N)";

    public void Run(string[] args)
    {
        if (args.Length > 0 && args[0] == ChildFlag)
        {
            RunChild(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
            return;
        }
        var numbers = args.TakeWhile(a => !a.StartsWith("--")).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        int cases = numbers.Length > 0 ? numbers[0] : 10;
        int[] shape = numbers.Length >= 4 ? numbers[1..4] : [64, 256, 256];
        int baselineCases = BenchArgs.Int(args, "--baseline-cases") ?? cases;

        string root = Directory.CreateTempSubdirectory("nnunet-bench-preprocess-").FullName;
        try
        {
            string task = Path.Combine(root, "Task998_Bench");
            var clock = Stopwatch.StartNew();
            Generate(task, cases, shape);
            Console.WriteLine($"generated {cases} CT cases of {string.Join("x", shape)} (int16 .nii.gz) in {clock.Elapsed.TotalSeconds:F1} s; " +
                              $"{Environment.ProcessorCount} cores");

            var runs = new List<(int Threads, List<PhaseMeasurement> Phases)>();
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
                runs.Add((threads, RunInChild(task, Path.Combine(root, $"out{threads}"), threads)));
            string output = Path.Combine(root, $"out{runs[0].Threads}", "Task998_Bench");

            var baseline = RunBaseline(task, output, baselineCases, root);
            Print(runs, baseline, cases, baselineCases);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A body cylinder (40 HU soft tissue with noise, 0 outside), an organ (label 1, 80 HU) and a lesion (label 2, 130 HU).</summary>
    static void Generate(string task, int cases, int[] shape)
    {
        Directory.CreateDirectory(Path.Combine(task, "imagesTr"));
        Directory.CreateDirectory(Path.Combine(task, "labelsTr"));
        Parallel.For(0, cases, i =>
        {
            int nz = shape[0], ny = shape[1], nx = shape[2];
            var image = new float[nz * ny * nx];
            var label = new float[image.Length];
            var random = new Random(i);
            for (int z = 0; z < nz; z++)
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++)
                    {
                        double w = (z - nz / 2.0) / (0.45 * nz), v = (y - ny / 2.0) / (0.4 * ny), u = (x - nx / 2.0) / (0.42 * nx);
                        if (v * v + u * u >= 1) continue;
                        int k = (z * ny + y) * nx + x;
                        double organ = w * w / 0.5 + (v - 0.1) * (v - 0.1) / 0.25 + u * u / 0.3;
                        double lesion = w * w / 0.1 + (v - 0.2) * (v - 0.2) / 0.02 + (u - 0.1) * (u - 0.1) / 0.03;
                        label[k] = lesion < 1 ? 2 : organ < 1 ? 1 : 0;
                        image[k] = MathF.Round((float)((label[k] == 2 ? 130 : label[k] == 1 ? 80 : 40) + 25 * random.NextDouble() - 12));
                    }
            double[] spacing = [2.6 + 0.1 * i, 0.72 + 0.02 * i, 0.72 + 0.02 * i];
            var geometry = new ImageGeometry(spacing, [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
            NiftiWriter.Write(Path.Combine(task, "imagesTr", $"case_{i:D3}_0000.nii.gz"), new Image(image, 1, shape, geometry), NiftiDataType.Int16);
            NiftiWriter.Write(Path.Combine(task, "labelsTr", $"case_{i:D3}.nii.gz"), new Image(label, 1, shape, geometry), NiftiDataType.UInt8);
        });
        DatasetJsonGenerator.Generate(Path.Combine(task, "dataset.json"), Path.Combine(task, "imagesTr"), null, ["CT"],
            new Dictionary<int, string> { [0] = "background", [1] = "organ", [2] = "lesion" }, "Bench");
    }

    /// <summary>Runs plan_and_preprocess in a fresh process of this benchmark and reads back its phases.</summary>
    static List<PhaseMeasurement> RunInChild(string task, string output, int threads)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PreprocessBenchmark).Assembly.Location);
        foreach (string a in new[] { "preprocess", ChildFlag, task, output, threads.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"child run failed:\n{stdout}\n{stderr}");
        return JsonSerializer.Deserialize<List<PhaseMeasurement>>(stdout.Trim())!;
    }

    static void RunChild(string task, string output, int threads)
    {
        var report = PlanAndPreprocess.Run(task, Path.Combine(output, Path.GetFileName(task)),
            new PlanAndPreprocessOptions { LowResThreads = threads, FullResThreads = threads });
        Console.WriteLine(JsonSerializer.Serialize(report.Phases));
    }

    sealed record BaselinePhase(string Name, int Cases, double WallSeconds, double CpuSeconds, double NpzWallSeconds, double NpzCpuSeconds, long PeakBytes);

    /// <summary>One python process per phase: the fingerprint, then each stage our plans have.</summary>
    static List<BaselinePhase>? RunBaseline(string task, string output, int cases, string root)
    {
        if (!ReferencePython.Exists)
        {
            Console.WriteLine($"baseline skipped: {ReferencePython.Interpreter} not found");
            return null;
        }
        string script = Path.Combine(root, "v1_core.py");
        File.WriteAllText(script, BaselineScript);
        var phases = new List<BaselinePhase>();
        var stages = new List<(string Name, string Plans, int Stage)>();
        foreach (var (file, twoD) in new[] { (ExperimentPlans.FileName3D, false), (ExperimentPlans.FileName2D, true) })
        {
            string path = Path.Combine(output, file);
            if (!File.Exists(path)) continue;
            var plans = ExperimentPlans.Read(path);
            for (int s = 0; s < plans.NumStages; s++) stages.Add((PlanAndPreprocess.ConfigurationOf(plans, s), path, s));
        }
        foreach (var (name, plans, stage) in stages.Prepend(("fingerprint", "-", 0)))
        {
            var start = ReferencePython.Start([script, name == "fingerprint" ? "fingerprint" : "preprocess", task, plans,
                stage.ToString(CultureInfo.InvariantCulture), cases.ToString(CultureInfo.InvariantCulture)]);
            using var process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 3)
            {
                Console.WriteLine($"baseline skipped: {stdout.Trim()}");
                return null;
            }
            if (process.ExitCode != 0) throw new InvalidOperationException($"baseline failed: {stderr}");
            var values = stdout.Trim().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            phases.Add(new BaselinePhase(name, cases, values[0], values[1], values[2], values[3], (long)values[4]));
        }
        return phases;
    }

    static void Print(List<(int Threads, List<PhaseMeasurement> Phases)> runs, List<BaselinePhase>? baseline, int cases, int baselineCases)
    {
        Console.WriteLine();
        Console.WriteLine($"{"phase",-12} {"run",-18} {"wall s",8} {"s/case",8} {"Mvox/s",8} {"cpu s",8} {"peak MB",8} {"v1 cpu / ours",15}");
        var phaseNames = runs[0].Phases.Select(p => p.Name).ToList();
        foreach (string name in phaseNames)
        {
            var reference = baseline?.FirstOrDefault(b => b.Name == name);
            double? v1PerCase = reference is null ? null : reference.CpuSeconds / reference.Cases;
            long voxels = runs[0].Phases.First(p => p.Name == name).Voxels;
            foreach (var (threads, phases) in runs)
            {
                var p = phases.First(x => x.Name == name);
                string ratio = v1PerCase is { } v && p.Cases > 0 ? $"{v / (p.CpuSeconds / p.Cases):F1}x" : "";
                Console.WriteLine($"{name,-12} {$"ours, {threads} thread{(threads > 1 ? "s" : "")}",-18} {p.WallSeconds,8:F2} {(p.Cases > 0 ? p.SecondsPerCase.ToString("F3", CultureInfo.InvariantCulture) : "-"),8} " +
                                  $"{(p.Voxels > 0 ? (p.VoxelsPerSecond / 1e6).ToString("F1", CultureInfo.InvariantCulture) : "-"),8} {p.CpuSeconds,8:F2} {p.PeakWorkingSetBytes / MegaBytes,8:F0} {ratio,15}");
            }
            if (reference is not null)
            {
                double perCase = reference.WallSeconds / reference.Cases;
                double rate = voxels / (double)cases * reference.Cases / reference.WallSeconds / 1e6;
                Console.WriteLine($"{name,-12} {"v1 numpy/scipy",-18} {reference.WallSeconds,8:F2} {perCase,8:F3} {rate,8:F1} {reference.CpuSeconds,8:F2} {reference.PeakBytes / MegaBytes,8:F0}");
                double io = reference.NpzWallSeconds, ioCpu = reference.NpzCpuSeconds;
                Console.WriteLine($"{name,-12} {"  + v1 npz I/O",-18} {reference.WallSeconds + io,8:F2} {(reference.WallSeconds + io) / reference.Cases,8:F3} {"",8} {reference.CpuSeconds + ioCpu,8:F2} {"",8} " +
                                  $"{(reference.CpuSeconds + ioCpu) / reference.Cases / (runs[0].Phases.First(x => x.Name == name).CpuSeconds / runs[0].Phases.First(x => x.Name == name).Cases),14:F1}x");
            }
        }
        Console.WriteLine();
        Console.WriteLine("ours: the product path (PlanAndPreprocess.Run, writing the store), each run in a fresh process; Mvox/s = raw voxels");
        Console.WriteLine("  read per second; peak = largest working set sampled during the phase; cpu s = process CPU time (all threads).");
        Console.WriteLine($"v1: its per-case core in numpy/scipy/nibabel over {baselineCases} case(s), one python process per phase, no parallelism");
        Console.WriteLine("  (v1 runs -tl/-tf processes side by side); peak = ru_maxrss. '+ v1 npz I/O' adds the savez_compressed / np.load");
        Console.WriteLine("  v1 does per case (cropped data written and read back by the analyzer; each preprocessed case written).");
        Console.WriteLine("v1 cpu / ours: CPU seconds per case, the comparison that holds on a shared machine; wall s also depends on the load.");
    }

    /// <summary>
    /// v1's per-case core with the calls v1 makes (skimage resize = scipy.ndimage.zoom with grid_mode, mode nearest,
    /// clipped; separate z by map_coordinates order 0; per-label segmentation resize), timed per phase.
    /// Prints "wall cpu npz_wall npz_cpu peak_bytes" (the core without, then v1's npz writing/reading alone).
    /// </summary>
    const string BaselineScript = """
        import sys, time, json, glob, os, resource
        try:
            import numpy as np
            import nibabel
            from nnunet_v1 import load_and_crop, resample_case
        except ImportError as e:
            print(f"numpy/scipy/nibabel missing ({e})"); sys.exit(3)
        mode, task, plans_path, stage, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        ds = json.load(open(os.path.join(task, "dataset.json")))
        cases = sorted(os.path.basename(t["label"])[:-7] for t in ds["training"])[:n]

        io_wall, io_cpu = 0.0, 0.0
        def npz_io(array, read_back):  # v1 stores every cropped and preprocessed case with savez_compressed
            global io_wall, io_cpu
            w, c = time.perf_counter(), time.process_time()
            path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "nnunet_bench_%d.npz" % os.getpid())
            np.savez_compressed(path, data=array)
            if read_back:
                np.load(path)["data"]
            os.remove(path)
            io_wall += time.perf_counter() - w
            io_cpu += time.process_time() - c

        wall, cpu = time.perf_counter(), time.process_time()
        if mode == "fingerprint":
            pooled = []
            for c in cases:
                all_data, spacing, _ = load_and_crop(task, c)
                npz_io(all_data, True)  # ImageCropper writes it, DatasetAnalyzer reads it back
                pooled += list(all_data[0][all_data[-1] > 0][::10])
            stats = (np.median(pooled), np.mean(pooled), np.std(pooled), np.min(pooled), np.max(pooled),
                     np.percentile(pooled, 99.5), np.percentile(pooled, 0.5))
        else:
            plans = json.load(open(plans_path))
            tf = plans["transpose_forward"]
            st = plans["plans_per_stage"][stage]
            props = plans["dataset_properties"]["intensity_properties"]
            two_d = len(st["patch_size"]) == 2
            for c in cases:
                all_data, spacing, _ = load_and_crop(task, c)
                data, seg = resample_case(all_data, spacing, tf, st["current_spacing"], two_d)
                for ch in range(len(data)):
                    p = props[str(ch)]
                    data[ch] = (np.clip(data[ch], p["percentile_00_5"], p["percentile_99_5"]) - np.float32(p["mean"])) / np.float32(p["sd"])
                rnd = np.random.RandomState(1234)
                for label in plans["dataset_properties"]["all_classes"]:
                    locs = np.argwhere(seg[-1] == label)
                    if len(locs):
                        k = max(min(10000, len(locs)), int(np.ceil(len(locs) * 0.01)))
                        locs[rnd.choice(len(locs), k, replace=False)]
                npz_io(np.vstack((data, seg)).astype(np.float32), False)
        print(time.perf_counter() - wall - io_wall, time.process_time() - cpu - io_cpu, io_wall, io_cpu,
              resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        """;
}
