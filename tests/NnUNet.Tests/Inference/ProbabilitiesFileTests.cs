using System.IO.Compression;
using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.IO;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Inference;

/// <summary>The .npz probabilities: our round trip, numpy reading ours, us reading numpy's, and clear errors.</summary>
public class ProbabilitiesFileTests
{
    static readonly int[] Shape = [3, 4, 5];

    static Half[] Values(int classes, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, classes * 60).Select(_ => (Half)random.NextDouble()).ToArray();
    }

    static Core.Preprocessing.CaseProperties Properties(string id) =>
        ExportFixtures.Properties(id, Shape, [[0, 3], [0, 4], [0, 5]], [1, 1, 1], ImageGeometry.Identity, [0, 1, 2], Shape, [1, 1, 1]);

    [Fact]
    public void RoundTripsValuesShapeAndProperties()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("case_1.npz");
        var values = Values(2, 1);
        ProbabilitiesFile.Write(path, values, 2, Shape, Properties("case_1"));

        var (classes, shape) = ProbabilitiesFile.ReadShape(path);
        Assert.Equal(2, classes);
        Assert.Equal(Shape, shape);
        var sum = Enumerable.Repeat(1f, values.Length).ToArray();
        ProbabilitiesFile.AddTo(path, sum, 2, Shape);
        Assert.Equal(values.Select(v => 1f + (float)v), sum);
        Assert.Equal("case_1", ProbabilitiesFile.ReadProperties(path).CaseIdentifier);
        Assert.Equal(["case_1"], ProbabilitiesFile.ListCases(dir.Path));
    }

    [SkippableFact]
    public void NumpyReadsTheSoftmaxArray()
    {
        string? missing = PythonRunner.Missing("numpy");
        Skip.If(missing != null, missing);
        using var dir = new TempDirectory();
        string path = dir.Combine("case_2.npz");
        var values = Values(3, 2);
        ProbabilitiesFile.Write(path, values, 3, Shape, Properties("case_2"));

        string output = PythonRunner.Run(
            "import sys, json, numpy as np\na = np.load(sys.argv[1])['softmax']\n" +
            "print(json.dumps({'dtype': str(a.dtype), 'shape': list(a.shape), 'values': a.astype(np.float64).ravel().tolist()}))", path);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("float16", json.RootElement.GetProperty("dtype").GetString());
        Assert.Equal([3, 3, 4, 5], json.RootElement.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(values.Select(v => (double)v), json.RootElement.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()));
    }

    [SkippableFact]
    public void ReadsArraysNumpyWrote()
    {
        string? missing = PythonRunner.Missing("numpy");
        Skip.If(missing != null, missing);
        using var dir = new TempDirectory();
        string path = dir.Combine("numpy.npz");
        // numpy's own writer (compressed, as v1's savez_compressed), a float32 array of known values.
        PythonRunner.Run("import sys, numpy as np\nnp.savez_compressed(sys.argv[1], softmax=np.arange(2*3*4*5, dtype=np.float32).reshape(2, 3, 4, 5) / 8)", path);
        var sum = new float[120];
        ProbabilitiesFile.AddTo(path, sum, 2, Shape);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => i / 8f), sum);
    }

    [Fact]
    public void NpyHeaderRoundTripsAndPadsTo64Bytes()
    {
        var header = new NpyHeader(NpyHeader.Float16, false, [4, 400, 512, 512]);
        byte[] bytes = header.ToBytes();
        Assert.Equal(0, bytes.Length % 64);
        Assert.Equal((byte)'\n', bytes[^1]);
        var read = NpyHeader.Read(new MemoryStream(bytes), "test");
        Assert.Equal(header.DataType, read.DataType);
        Assert.Equal(header.Shape, read.Shape);
        Assert.False(read.FortranOrder);
    }

    [Fact]
    public void BrokenFilesAreErrorsNamingTheFile()
    {
        using var dir = new TempDirectory();
        string notZip = dir.Combine("a.npz");
        File.WriteAllText(notZip, "not a zip");
        Assert.Contains(notZip, Assert.Throws<InvalidInputException>(() => ProbabilitiesFile.ReadShape(notZip)).Message);

        string noArray = dir.Combine("b.npz");
        using (var archive = ZipFile.Open(noArray, ZipArchiveMode.Create)) archive.CreateEntry("other.npy");
        var e = Assert.Throws<InvalidInputException>(() => ProbabilitiesFile.ReadShape(noArray));
        Assert.Contains(noArray, e.Message);
        Assert.Contains("softmax", e.Message);

        string truncated = dir.Combine("c.npz");
        using (var archive = ZipFile.Open(truncated, ZipArchiveMode.Create))
        using (var entry = archive.CreateEntry("softmax.npy").Open())
        {
            entry.Write(new NpyHeader(NpyHeader.Float16, false, [2, 3, 4, 5]).ToBytes());
            entry.Write(new byte[100]);
        }
        Assert.Contains("truncated", Assert.Throws<InvalidInputException>(() => ProbabilitiesFile.AddTo(truncated, new float[120], 2, Shape)).Message);
        Assert.Contains("expected 3 x 3 x 4 x 5",
            Assert.Throws<InvalidInputException>(() => ProbabilitiesFile.AddTo(truncated, new float[180], 3, Shape)).Message);
    }
}
