using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Inference;

/// <summary>Ensembling arithmetic: the mean of the saved probabilities, then the argmax (first class on ties).</summary>
public class ProbabilityEnsembleTests
{
    static readonly int[] Shape = [2, 3, 4];
    const int Voxels = 24, Classes = 3;

    static CaseProperties Properties(string id) => ExportFixtures.Properties(id, Shape, [[0, 2], [0, 3], [0, 4]], [2, 1, 1],
        ExportFixtures.Geometry([2, 1, 1]), [0, 1, 2], Shape, [2, 1, 1]);

    static void Save(string folder, string id, float[] probabilities) =>
        ProbabilitiesFile.Write(Path.Combine(folder, id + ".npz"), probabilities.Select(p => (Half)p).ToArray(), Classes, Shape, Properties(id));

    /// <summary>(classes, voxels) values whose first voxels hold hand-made cases: ties in the mean and a class that
    /// wins only on average.</summary>
    static (float[] A, float[] B) Pair()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, Classes * Voxels).Select(_ => (float)random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, Classes * Voxels).Select(_ => (float)random.NextDouble()).ToArray();
        void Set(float[] t, int v, params float[] p) { for (int c = 0; c < Classes; c++) t[c * Voxels + v] = p[c]; }
        Set(a, 0, 0.625f, 0.375f, 0); Set(b, 0, 0.375f, 0.625f, 0);   // mean 0.5 / 0.5: class 0 (first)
        Set(a, 1, 0.25f, 0.25f, 0.5f); Set(b, 1, 0.25f, 0.5f, 0.25f); // mean 0.25 / 0.375 / 0.375: class 1
        Set(a, 2, 0.5f, 0.125f, 0.375f); Set(b, 2, 0, 0.5f, 0.5f);    // neither folder's winner: class 2 (0.4375)
        return (a, b);
    }

    [Fact]
    public void TheMeanOfTheSavedProbabilitiesDecidesEachVoxel()
    {
        using var dir = new TempDirectory();
        string first = dir.Combine("3d_fullres"), second = dir.Combine("2d");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        var (a, b) = Pair();
        Save(first, "case_1", a);
        Save(second, "case_1", b);

        Assert.Equal(["case_1"], ProbabilityEnsemble.CommonCases([first, second]));
        var ensemble = ProbabilityEnsemble.Combine([first, second], "case_1", keepProbabilities: true);

        Assert.Equal(0, ensemble.Segmentation[0]);
        Assert.Equal(1, ensemble.Segmentation[1]);
        Assert.Equal(2, ensemble.Segmentation[2]);
        for (int v = 0; v < Voxels; v++)
        {
            // float16 inputs, mean in float32, stored as float16 (numpy's mean of float16 arrays), then argmax.
            var mean = Enumerable.Range(0, Classes)
                .Select(c => (Half)(((float)(Half)a[c * Voxels + v] + (float)(Half)b[c * Voxels + v]) / 2)).ToArray();
            int expected = Array.IndexOf(mean, mean.Max());
            Assert.Equal(expected, ensemble.Segmentation[v]);
            for (int c = 0; c < Classes; c++) Assert.Equal(mean[c], ensemble.Probabilities![c * Voxels + v]);
        }
        Assert.Equal(Properties("case_1").Origin, ensemble.Segmentation.Geometry.Origin);
        Assert.Equal(NiftiDataType.UInt8, ensemble.Segmentation.DataType);
    }

    [Fact]
    public void ACaseMissingInOneFolderIsAnErrorNamingIt()
    {
        using var dir = new TempDirectory();
        string first = dir.Combine("a"), second = dir.Combine("b");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        var (a, b) = Pair();
        Save(first, "case_1", a);
        Save(first, "case_2", a);
        Save(second, "case_1", b);

        var e = Assert.Throws<InvalidInputException>(() => ProbabilityEnsemble.CommonCases([first, second]));
        Assert.Contains(Path.Combine(second, "case_2.npz"), e.Message);
    }

    [Fact]
    public void ProbabilitiesOfAnotherShapeAreAnError()
    {
        using var dir = new TempDirectory();
        string first = dir.Combine("a"), second = dir.Combine("b");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        var (a, _) = Pair();
        Save(first, "case_1", a);
        ProbabilitiesFile.Write(Path.Combine(second, "case_1.npz"), new Half[2 * Voxels], 2, Shape, Properties("case_1"));

        var e = Assert.Throws<InvalidInputException>(() => ProbabilityEnsemble.Combine([first, second], "case_1", false));
        Assert.Contains(Path.Combine(second, "case_1.npz"), e.Message);
    }
}
