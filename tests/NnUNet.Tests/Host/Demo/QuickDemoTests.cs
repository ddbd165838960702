using System.Text.Json;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Host.Demo;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host.Demo;

/// <summary>
/// `nnunet demo --quick` end to end through the built host (about a minute on 2 cores; it trains five small networks
/// with torch on every core, so it runs alone): every step succeeds, the test predictions have the geometry of the test
/// images, and the Dice is far above what a broken step (wrong labels, geometry or weights) would leave.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public class QuickDemoTests
{
    // Measured with the quick budget: foreground mean 0.84 (3D) and 0.97 (2D), classes 0.80-0.97 (docs/demo.md).
    // A pipeline that mixes up labels or geometry, or does not learn, stays near 0.
    const double ForegroundFloor = 0.6;
    const double ClassFloor = 0.3;

    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    [Fact]
    public void QuickDemoRunsEveryStepIntoAFolderOfAnEarlierDemoAndScoresTheTestCases()
    {
        using var temp = new TempDirectory();
        string root = temp.Combine("demo");
        DemoOutputFolder.Prepare(root); // as an earlier demo left it, with a stale file in it
        File.WriteAllText(Path.Combine(root, "stale.txt"), "from an earlier run");
        var threads = new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = null }; // torch on every core, as users run it

        BuiltHost.Result result = BuiltHost.Run(Timeout, threads, null, "demo", "--quick", "--quiet", "-o", root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(Path.Combine(root, "stale.txt")));
        Assert.True(File.Exists(Path.Combine(root, DemoOutputFolder.MarkerFileName)));
        Assert.Contains(result.StdoutLines, l => l.Contains("every output") && l.EndsWith(root));
        Assert.Contains(result.StdoutLines, l => l.EndsWith($"$ nnunet plan_and_preprocess -t {DemoRun.Task3DId}"));
        Assert.Contains(result.StdoutLines, l => l.EndsWith($"$ nnunet train 3d_fullres {DemoBudget.DemoTrainer} {DemoRun.Task3DId} 1 --npz --deterministic"));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, DemoRun.SummaryFileName)));
        Assert.Equal("quick", summary.RootElement.GetProperty("budget").GetString());
        Assert.Equal(15, summary.RootElement.GetProperty("steps").GetArrayLength());
        Assert.All(summary.RootElement.GetProperty("steps").EnumerateArray(), s => Assert.True(s.GetProperty("seconds").GetDouble() >= 0));
        var dice = summary.RootElement.GetProperty("test_dice");
        foreach (string task in new[] { DemoRun.Task3DName, DemoRun.Task2DName })
        {
            var scores = dice.GetProperty(task);
            foreach (string label in new[] { "1", "2" })
                Assert.True(scores.GetProperty("per_class").GetProperty(label).GetDouble() > ClassFloor, $"{task} label {label}: {scores}");
            Assert.True(scores.GetProperty("foreground_mean").GetDouble() > ForegroundFloor, $"{task}: {scores}");
            AssertPredictionsMatchTestImages(root, task, scores.GetProperty("cases").GetInt32());
        }
    }

    /// <summary>One prediction per test image, with its shape, spacing, origin and direction, holding only known labels.</summary>
    static void AssertPredictionsMatchTestImages(string root, string task, int cases)
    {
        string images = Path.Combine(root, DemoRun.RawDataBaseFolderName, NnUNetPaths.RawDataFolderName, task, "imagesTs");
        string[] tests = Directory.GetFiles(images, "*_0000.nii.gz");
        Assert.Equal(cases, tests.Length);
        foreach (string test in tests)
        {
            string id = Path.GetFileName(test)[..^"_0000.nii.gz".Length];
            var image = NiftiReader.Read(test);
            var prediction = NiftiReader.Read(Path.Combine(root, DemoRun.PredictionsFolderName, task, id + ".nii.gz"));
            Assert.Equal(image.Shape, prediction.Shape);
            Assert.Equal(image.Geometry.Spacing, prediction.Geometry.Spacing, (a, b) => Math.Abs(a - b) < 1e-5);
            Assert.Equal(image.Geometry.Origin, prediction.Geometry.Origin, (a, b) => Math.Abs(a - b) < 1e-4);
            Assert.Equal(image.Geometry.Direction, prediction.Geometry.Direction, (a, b) => Math.Abs(a - b) < 1e-5);
            Assert.All(prediction.Data, v => Assert.Contains(v, new[] { 0f, 1f, 2f }));
        }
    }
}
