using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using NnUNet.Core.Imaging;

namespace NnUNet.Bench;

/// <summary>
/// Reads and writes a 256^3 float32 .nii.gz with our NIfTI code and with nibabel on the same file in the same run.
/// Options: --size N (edge length, default 256), --repeat R (best of R, default 3), --levels (also time zlib levels
/// 1..9 on the same voxel bytes, the measurement behind <see cref="NiftiWriter.GzipLevel"/>).
/// </summary>
public sealed class NiftiBenchmark : IBenchmark
{
    public string Name => "nifti";
    public string Description => "NIfTI .nii.gz read/write MB/s (256^3 float32) vs nibabel on the same file";

    const string NibabelScript = """
        import sys, time, json
        import numpy as np, nibabel as nib
        src, dst, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
        def best(f):
            wall, cpu = [], []
            for _ in range(repeat):
                t, c = time.perf_counter(), time.process_time()
                f()
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
            return dict(wall=min(wall), cpu=min(cpu))
        box = {}
        def read():
            box['img'] = nib.load(src)
            box['data'] = box['img'].get_fdata(dtype=np.float32)
        r = best(read)
        img, data = box['img'], box['data']
        w = best(lambda: nib.save(nib.Nifti1Image(data, img.affine, img.header), dst))
        print(json.dumps(dict(read=r, write=w, version=nib.__version__)))
        """;

    public void Run(string[] args)
    {
        int size = BenchArgs.Int(args, "--size", 256);
        int repeat = BenchArgs.Int(args, "--repeat", 3);
        string dir = Path.Combine(Path.GetTempPath(), $"nnunet-bench-nifti-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var image = MakeVolume(size);
            double mb = image.Data.Length * 4 / 1e6;
            string ours = Path.Combine(dir, "ours.nii.gz");
            Console.WriteLine($"volume {size}^3 float32 = {mb:F1} MB of voxels (smooth field + noise); best of {repeat}; 1 MB = 10^6 bytes");

            GC.Collect();
            var write = Best(repeat, () => NiftiWriter.Write(ours, image));
            var read = Best(repeat, () => NiftiReader.Read(ours));
            long oursBytes = new FileInfo(ours).Length;
            Console.WriteLine("            MB/s wall   MB/s CPU   (seconds wall / CPU)");
            Console.WriteLine($"ours     write {mb / write.Wall,8:F1} {mb / write.Cpu,10:F1}   ({write.Wall:F3} / {write.Cpu:F3} s, gzip level {NiftiWriter.GzipLevel}, file {oursBytes / 1e6:F1} MB)");
            Console.WriteLine($"ours     read  {mb / read.Wall,8:F1} {mb / read.Cpu,10:F1}   ({read.Wall:F3} / {read.Cpu:F3} s)");

            var nib = RunNibabel(ours, Path.Combine(dir, "nibabel.nii.gz"), repeat);
            if (nib is { } n)
            {
                long nibBytes = new FileInfo(Path.Combine(dir, "nibabel.nii.gz")).Length;
                Console.WriteLine($"nibabel  write {mb / n.Write.Wall,8:F1} {mb / n.Write.Cpu,10:F1}   ({n.Write.Wall:F3} / {n.Write.Cpu:F3} s, nibabel {n.Version} default level, file {nibBytes / 1e6:F1} MB)");
                Console.WriteLine($"nibabel  read  {mb / n.Read.Wall,8:F1} {mb / n.Read.Cpu,10:F1}   ({n.Read.Wall:F3} / {n.Read.Cpu:F3} s, load + get_fdata(float32) of our file)");
                Console.WriteLine($"ratio ours/nibabel speed: write {n.Write.Wall / write.Wall:F2}x wall, {n.Write.Cpu / write.Cpu:F2}x CPU; " +
                                  $"read {n.Read.Wall / read.Wall:F2}x wall, {n.Read.Cpu / read.Cpu:F2}x CPU");
            }
            if (args.Contains("--levels")) CompareLevels(image, repeat);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A smooth field (sum of low-frequency waves, CT-like range) plus Gaussian noise, deterministic.</summary>
    static Image MakeVolume(int n)
    {
        var data = new float[(long)n * n * n];
        Parallel.For(0, n, z =>
        {
            var random = new Random(z);
            for (int y = 0; y < n; y++)
            {
                int row = (z * n + y) * n;
                for (int x = 0; x < n; x++)
                {
                    double smooth = 400 * Math.Sin(x / 23.0) * Math.Cos(y / 31.0) + 300 * Math.Sin((z + x) / 47.0) - 200;
                    double noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    data[row + x] = (float)(smooth + 12 * noise);
                }
            }
        });
        return new Image(data, 1, [n, n, n], new ImageGeometry([1.5, 0.8, 0.8], [-100, 80, 20], [1, 0, 0, 0, 1, 0, 0, 0, 1]));
    }

    /// <summary>Best wall time and best CPU time of this process over the runs (CPU time is robust on a busy machine).</summary>
    static (double Wall, double Cpu) Best(int repeat, Action action)
    {
        double wall = double.MaxValue, cpu = double.MaxValue;
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeat; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            action();
            wall = Math.Min(wall, watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        return (wall, cpu);
    }

    static ((double Wall, double Cpu) Read, (double Wall, double Cpu) Write, string Version)? RunNibabel(string src, string dst, int repeat)
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-c", NibabelScript, src, dst, repeat.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string last = stderr.Result.Trim().Split('\n').LastOrDefault() ?? "";
                Console.WriteLine($"nibabel  not measured: {python} failed ({last})");
                return null;
            }
            using var json = JsonDocument.Parse(stdout);
            var r = json.RootElement;
            static (double, double) Times(JsonElement e) => (e.GetProperty("wall").GetDouble(), e.GetProperty("cpu").GetDouble());
            return (Times(r.GetProperty("read")), Times(r.GetProperty("write")), r.GetProperty("version").GetString() ?? "?");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"nibabel  not measured: {python} not found ({e.Message})");
            return null;
        }
    }

    /// <summary>
    /// zlib levels on the voxel bytes of the float32 volume and of a uint8 label map of the same size: CPU-time
    /// compression speed, size and inflate speed (the measurement behind <see cref="NiftiWriter.GzipLevel"/>).
    /// </summary>
    static void CompareLevels(Image image, int repeat)
    {
        int n = image.Shape[0];
        var labels = new byte[image.Data.Length];
        for (int z = 0, i = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++, i++)
                {
                    double r = Math.Sqrt((x - n / 2.0) * (x - n / 2.0) + (y - n / 2.0) * (y - n / 2.0) + (z - n / 2.0) * (z - n / 2.0));
                    labels[i] = (byte)(r < n / 3.0 ? (r < n / 6.0 ? 2 : 1) : 0);
                }
        foreach (var (what, bytes) in new[] { ("float32 volume", MemoryMarshal.AsBytes(image.Data.AsSpan()).ToArray()), ("uint8 label map", labels) })
        {
            double mb = bytes.Length / 1e6;
            Console.WriteLine($"{what} ({mb:F1} MB): zlib level, compress MB/s (CPU), size MB, inflate MB/s (CPU)");
            foreach (int level in new[] { 1, 2, 3, 4, 6, 9 })
            {
                byte[] compressed = [];
                var t = Best(repeat, () =>
                {
                    using var ms = new MemoryStream();
                    using (var z = new GZipStream(ms, new ZLibCompressionOptions { CompressionLevel = level })) z.Write(bytes);
                    compressed = ms.ToArray();
                });
                var output = new byte[bytes.Length];
                var u = Best(repeat, () =>
                {
                    using var z = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
                    z.ReadExactly(output);
                });
                Console.WriteLine($"  {level,2} {mb / t.Cpu,10:F1} {compressed.Length / 1e6,10:F2} {mb / u.Cpu,10:F1}");
            }
        }
    }
}
