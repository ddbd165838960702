using System.Diagnostics;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;

namespace NnUNet.Bench;

/// <summary>
/// verify_dataset_integrity on a generated v1 Task (default 8 cases x 2 channels of 128^3 float32 + uint8 label),
/// against the floor of reading every file once with NiftiReader. Options: cases, size (edge), channels.
/// </summary>
public sealed class DatasetVerifyBenchmark : IBenchmark
{
    public string Name => "verify";
    public string Description => "dataset integrity check vs reading every file once (args: cases size channels)";

    public void Run(string[] args)
    {
        int cases = args.Length > 0 ? int.Parse(args[0]) : 8;
        int edge = args.Length > 1 ? int.Parse(args[1]) : 128;
        int channels = args.Length > 2 ? int.Parse(args[2]) : 2;
        string root = Path.Combine(Path.GetTempPath(), $"nnunet-bench-verify-{Guid.NewGuid():N}");
        string task = Path.Combine(root, "Task999_Bench");
        try
        {
            var clock = Stopwatch.StartNew();
            Generate(task, cases, edge, channels);
            Console.WriteLine($"generated {cases} cases x {channels} channels of {edge}^3 in {clock.Elapsed.TotalSeconds:F1} s");

            var files = Directory.EnumerateFiles(task, "*.nii.gz", SearchOption.AllDirectories).ToList();
            double read = Time(() => { foreach (string f in files) NiftiReader.Read(f); });
            double sequential = Time(() => Check(DatasetIntegrityVerifier.Verify(task, maxParallelism: 1)));
            double parallel = Time(() => Check(DatasetIntegrityVerifier.Verify(task, maxParallelism: 2)));

            Console.WriteLine($"read every file once (baseline): {read:F2} s");
            Console.WriteLine($"verify, 1 thread:                {sequential:F2} s ({sequential / read:F2} x baseline)");
            Console.WriteLine($"verify, 2 threads:               {parallel:F2} s ({parallel / read:F2} x baseline)");
            Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB " +
                $"(one {edge}^3 float32 image = {4L * edge * edge * edge / (1 << 20)} MiB)");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    static void Check(DatasetIntegrityReport report)
    {
        if (report.Problems.Count > 0) throw new InvalidOperationException(string.Join("\n", report.RenderLines()));
    }

    static double Time(Action action)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    static void Generate(string task, int cases, int edge, int channels)
    {
        int[] shape = [edge, edge, edge];
        var geometry = new ImageGeometry([2.5, 0.8, 0.8], [-100, -120, 30], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        var random = new Random(42);
        var data = new float[edge * edge * edge];
        for (int i = 0; i < cases; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int v = 0; v < data.Length; v++) data[v] = (float)(random.NextDouble() * 1000);
                NiftiWriter.Write(Path.Combine(task, "imagesTr", $"case_{i:D3}_{c:D4}.nii.gz"), new Image(data, 1, shape, geometry));
            }
            for (int v = 0; v < data.Length; v++) data[v] = (v / edge) % 3;
            NiftiWriter.Write(Path.Combine(task, "labelsTr", $"case_{i:D3}.nii.gz"), new Image(data, 1, shape, geometry), NiftiDataType.UInt8);
        }
        DatasetJsonGenerator.Generate(Path.Combine(task, "dataset.json"), Path.Combine(task, "imagesTr"), null,
            Enumerable.Range(0, channels).Select(c => $"MR{c}").ToList(),
            new Dictionary<int, string> { [0] = "background", [1] = "a", [2] = "b" }, "Bench");
    }
}
