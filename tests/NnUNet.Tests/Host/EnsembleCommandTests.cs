using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Tests.Inference;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>`nnunet ensemble` as a user runs it on two prediction folders.</summary>
public class EnsembleCommandTests
{
    static readonly int[] Shape = [3, 4, 5];

    static void Save(string folder, string id, Func<int, int, float> probability)
    {
        var properties = ExportFixtures.Properties(id, Shape, [[0, 3], [0, 4], [0, 5]], [3, 0.5, 0.5], ExportFixtures.Geometry([3, 0.5, 0.5]),
            [0, 1, 2], Shape, [3, 0.5, 0.5]);
        var values = new Half[2 * 60];
        for (int c = 0; c < 2; c++)
            for (int v = 0; v < 60; v++) values[c * 60 + v] = (Half)probability(c, v);
        ProbabilitiesFile.Write(Path.Combine(folder, id + ".npz"), values, 2, Shape, properties);
    }

    [Fact]
    public void WritesTheArgmaxOfTheMeanWithTheCaseGeometry()
    {
        using var temp = new TempDirectory();
        string a = temp.Combine("a"), b = temp.Combine("b"), output = temp.Combine("out");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        // Folder a is sure of class 1 in the first half; folder b mildly prefers class 0 everywhere: the mean decides.
        Save(a, "case_1", (c, v) => v < 30 ? (c == 1 ? 0.9f : 0.1f) : (c == 1 ? 0.45f : 0.55f));
        Save(b, "case_1", (c, v) => c == 1 ? 0.4f : 0.6f);

        var result = BuiltHost.Run(null, "ensemble", "-f", a, b, "-o", output, "--npz");

        Assert.True(result.ExitCode == 0, result.ToString());
        var labels = NiftiReader.Read(Path.Combine(output, "case_1.nii.gz"));
        Assert.Equal(Enumerable.Range(0, 60).Select(v => v < 30 ? 1f : 0f), labels.Data);
        Assert.Equal(ExportFixtures.Geometry([3, 0.5, 0.5]).Origin, labels.Geometry.Origin);
        Assert.True(File.Exists(Path.Combine(output, "case_1.npz")));
        Assert.Contains("1 cases ensembled", result.Stdout);
    }

    [Fact]
    public void PostprocessingKeepsTheLargestComponentAndTheRawResultIsKeptBeside()
    {
        using var temp = new TempDirectory();
        string a = temp.Combine("a"), b = temp.Combine("b"), output = temp.Combine("out");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        // Class 1 on the plane x = 0 (12 voxels) and on the single voxel (2, 3, 4): two components.
        static bool Foreground(int v) => v % 5 == 0 || v == 59;
        Save(a, "case_1", (c, v) => Foreground(v) == (c == 1) ? 0.8f : 0.2f);
        Save(b, "case_1", (c, v) => Foreground(v) == (c == 1) ? 0.7f : 0.3f);
        string pp = temp.Combine("postprocessing.json");
        File.WriteAllText(pp, "{\"for_which_classes\": [1], \"min_valid_object_sizes\": null}");

        var result = BuiltHost.Run(null, "ensemble", "-f", a, b, "-o", output, "-pp", pp);

        Assert.True(result.ExitCode == 0, result.ToString());
        var raw = NiftiReader.Read(Path.Combine(output, "not_postprocessed", "case_1.nii.gz")).Data;
        var postprocessed = NiftiReader.Read(Path.Combine(output, "case_1.nii.gz")).Data;
        Assert.Equal(Enumerable.Range(0, 60).Select(v => Foreground(v) ? 1f : 0f), raw);
        Assert.Equal(Enumerable.Range(0, 60).Select(v => v % 5 == 0 ? 1f : 0f), postprocessed);
    }

    [Fact]
    public void ACaseMissingInOneFolderIsOneLineNamingIt()
    {
        using var temp = new TempDirectory();
        string a = temp.Combine("a"), b = temp.Combine("b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        Save(a, "case_1", (c, _) => c);
        Save(a, "case_2", (c, _) => c);
        Save(b, "case_1", (c, _) => c);

        var result = BuiltHost.Run(null, "ensemble", "-f", a, b, "-o", temp.Combine("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Contains(Path.Combine(b, "case_2.npz"), result.Stderr);
        Assert.False(Directory.Exists(temp.Combine("out")) && Directory.EnumerateFiles(temp.Combine("out")).Any());
    }
}
