using System.Diagnostics;
using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Datasets;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace NnUNet.Bench;

/// <summary>
/// png2d's conversion (SourceCaseConverter on images/ + labels/, threshold labels) of generated RGB PNGs
/// (default 64 cases of 512 x 512), on 1 thread and on every core, against the floor of decoding every PNG once.
/// Options: cases, size (edge).
/// </summary>
public sealed class ConversionBenchmark : IBenchmark
{
    public string Name => "convert";
    public string Description => "png2d conversion on 1 thread and all cores vs decoding every PNG once (args: cases size)";

    public void Run(string[] args)
    {
        int cases = args.Length > 0 ? int.Parse(args[0]) : 64;
        int edge = args.Length > 1 ? int.Parse(args[1]) : 512;
        string root = Path.Combine(Path.GetTempPath(), $"nnunet-bench-convert-{Guid.NewGuid():N}");
        try
        {
            string source = Path.Combine(root, "source");
            var clock = Stopwatch.StartNew();
            Generate(source, cases, edge);
            Console.WriteLine($"generated {cases} RGB PNGs + masks of {edge} x {edge} in {clock.Elapsed.TotalSeconds:F1} s");

            List<SourceCase> found = PairedFolders.Find(source, SourceImageFile.PngEndings);
            var (decode, decodeCpu) = Time(() => { foreach (SourceCase c in found) { PngFile.Read(c.ImagePath); PngFile.Read(c.LabelPath!); } });
            var (one, oneCpu) = Time(() => Convert(source, Path.Combine(root, "one"), found, 1));
            var (all, allCpu) = Time(() => Convert(source, Path.Combine(root, "all"), found, Environment.ProcessorCount));
            bool same = Directory.EnumerateFiles(Path.Combine(root, "one"), "*.nii.gz", SearchOption.AllDirectories)
                .All(f => File.ReadAllBytes(f).AsSpan().SequenceEqual(File.ReadAllBytes(f.Replace(Path.Combine(root, "one"), Path.Combine(root, "all")))));

            // CPU seconds stay meaningful on a machine shared with other work; wall-clock seconds show the parallel gain.
            Console.WriteLine($"decode every PNG once (baseline):  {decode:F2} s wall, {decodeCpu:F2} s CPU");
            Console.WriteLine($"convert, 1 thread:                 {one:F2} s wall, {oneCpu:F2} s CPU ({oneCpu / decodeCpu:F2} x baseline CPU, {cases / one:F1} cases/s)");
            Console.WriteLine($"convert, {Environment.ProcessorCount} threads:                {all:F2} s wall, {allCpu:F2} s CPU ({one / all:F2} x faster than 1 thread, {cases / all:F1} cases/s)");
            Console.WriteLine($"outputs identical byte for byte: {same}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    static void Convert(string source, string task, List<SourceCase> cases, int threads)
    {
        Directory.CreateDirectory(task);
        var request = new ConversionRequest(source, task, 999, "Bench", new Dictionary<string, string[]>());
        new SourceCaseConverter
        {
            Labels = LabelMapping.Threshold(255),
            Placement = (_, _) => PseudoThreeD.Geometry(),
            MaxParallelism = threads,
        }.Run(request, cases, null, CancellationToken.None);
        if (DatasetIntegrityVerifier.Verify(task).HasErrors) throw new InvalidOperationException("converted Task has errors");
    }

    static void Generate(string source, int cases, int edge)
    {
        Parallel.For(0, cases, i =>
        {
            var random = new Random(i);
            using var image = new Image<Rgb24>(edge, edge);
            using var mask = new Image<L8>(edge, edge);
            for (int y = 0; y < edge; y++)
            for (int x = 0; x < edge; x++)
            {
                image[x, y] = new Rgb24((byte)(x + i), (byte)(y + random.Next(16)), (byte)((x ^ y) + random.Next(32)));
                mask[x, y] = new L8((byte)(Math.Abs(x - y - i) < 6 ? 255 : 0));
            }
            Directory.CreateDirectory(Path.Combine(source, "images"));
            Directory.CreateDirectory(Path.Combine(source, "labels"));
            image.SaveAsPng(Path.Combine(source, "images", $"case{i:D3}.png"), new PngEncoder { ColorType = PngColorType.Rgb });
            mask.SaveAsPng(Path.Combine(source, "labels", $"case{i:D3}.png"), new PngEncoder { ColorType = PngColorType.Grayscale });
        });
    }

    /// <summary>Wall-clock and process CPU seconds of <paramref name="action"/>.</summary>
    static (double Wall, double Cpu) Time(Action action)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        process.Refresh();
        return (clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }
}
