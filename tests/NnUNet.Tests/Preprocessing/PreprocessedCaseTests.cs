using NnUNet.Abstractions;
using NnUNet.Core.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Preprocessing;

public class PreprocessedCaseTests
{
    static CaseProperties Properties(string id) => new()
    {
        CaseIdentifier = id,
        OriginalSpacing = [3, 0.8, 0.8],
        Origin = [1, 2, 3],
        Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1],
        OriginalShape = [4, 5, 6],
        CropBox = [[0, 4], [0, 5], [0, 6]],
        ShapeAfterCropping = [4, 5, 6],
        ShapeAfterResampling = [4, 5, 6],
        SpacingAfterResampling = [3, 0.8, 0.8],
        ClassLocations = new Dictionary<int, int[][]> { [1] = [[1, 2, 3], [0, 0, 0]] },
    };

    // Value of voxel (c, z, y, x) in the synthetic case: unique per voxel, so any misplaced copy shows.
    static float Value(int c, int z, int y, int x) => c * 1000 + z * 100 + y * 10 + x;

    static (float[] data, float[] seg) Synthetic(int channels, int[] shape, int maxLabel)
    {
        var data = new float[channels * shape[0] * shape[1] * shape[2]];
        var seg = new float[shape[0] * shape[1] * shape[2]];
        int i = 0;
        for (int c = 0; c < channels; c++)
            for (int z = 0; z < shape[0]; z++)
                for (int y = 0; y < shape[1]; y++)
                    for (int x = 0; x < shape[2]; x++)
                        data[i++] = Value(c, z, y, x);
        for (int v = 0; v < seg.Length; v++) seg[v] = v % (maxLabel + 2) - 1; // -1, 0, 1, ...
        seg[^1] = maxLabel;
        return (data, seg);
    }

    [Theory]
    [InlineData(3)]    // stored as int8
    [InlineData(300)]  // needs int16
    public void RoundTripsDataSegmentationAndProperties(int maxLabel)
    {
        using var dir = new TempDirectory();
        int[] shape = [4, 5, 6];
        var (data, seg) = Synthetic(2, shape, maxLabel);
        PreprocessedCase.Write(dir.Path, data, 2, shape, seg, Properties("case_1"));

        using var stored = PreprocessedCase.Open(dir.Path, "case_1");
        Assert.Equal(maxLabel <= 127 ? "int8" : "int16", stored.Header.Segmentation!.DataType);
        Assert.Equal(2, stored.Channels);
        Assert.Equal(shape, stored.Shape);
        Assert.Equal(data, stored.ReadData());
        Assert.Equal(seg, stored.ReadSegmentation());
        Assert.Equal([1, 2, 3], stored.Properties.ClassLocations[1][0]);
        Assert.Equal([[0, 4], [0, 5], [0, 6]], stored.Properties.CropBox);
        Assert.Equal(["case_1"], PreprocessedCase.ListCases(dir.Path));
    }

    [Fact]
    public void PatchBeyondTheBorderIsPaddedWithZeroAndMinusOne()
    {
        using var dir = new TempDirectory();
        int[] shape = [4, 5, 6];
        var (data, seg) = Synthetic(2, shape, 3);
        PreprocessedCase.Write(dir.Path, data, 2, shape, seg, Properties("c"));
        using var stored = PreprocessedCase.Open(dir.Path, "c");

        int[] lower = [-1, 3, 4], size = [3, 4, 4];
        var patch = new float[2 * 3 * 4 * 4];
        var patchSeg = new float[3 * 4 * 4];
        stored.ReadPatch(lower, size, patch, patchSeg);

        int i = 0;
        for (int c = 0; c < 2; c++)
            for (int dz = 0; dz < 3; dz++)
                for (int dy = 0; dy < 4; dy++)
                    for (int dx = 0; dx < 4; dx++, i++)
                    {
                        int z = lower[0] + dz, y = lower[1] + dy, x = lower[2] + dx;
                        bool inside = z >= 0 && z < 4 && y >= 0 && y < 5 && x >= 0 && x < 6;
                        Assert.Equal(inside ? Value(c, z, y, x) : 0f, patch[i]);
                        if (c == 0)
                            Assert.Equal(inside ? seg[(z * 5 + y) * 6 + x] : -1f, patchSeg[i]);
                    }
    }

    [Fact]
    public void TruncatedArrayFileIsAClearError()
    {
        using var dir = new TempDirectory();
        int[] shape = [2, 2, 2];
        PreprocessedCase.Write(dir.Path, new float[8], 1, shape, new float[8], Properties("t"));
        string dataFile = Path.Combine(dir.Path, "t_data.bin");
        File.WriteAllBytes(dataFile, new byte[10]);

        var error = Assert.Throws<InvalidInputException>(() => PreprocessedCase.Open(dir.Path, "t"));
        Assert.Contains(dataFile, error.Message);
        Assert.Contains("truncated", error.Message);
    }
    [Fact]
    public void ReadingPatchesAndTheShapeAllocatesNothing()
    {
        using var dir = new TempDirectory();
        int[] shape = [4, 5, 6];
        var (data, seg) = Synthetic(2, shape, 3);
        PreprocessedCase.Write(dir.Path, data, 2, shape, seg, Properties("a"));
        using var stored = PreprocessedCase.Open(dir.Path, "a");
        int[] lower = [-1, 1, 2], size = [3, 3, 3];
        var patch = new float[2 * 27];
        var patchSeg = new float[27];
        stored.ReadPatch(lower, size, patch, patchSeg); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 100; i++)
        {
            stored.ReadPatch(lower, size, patch, patchSeg);
            sum += stored.Shape[0] + stored.Shape.Count;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(700, sum);
    }
}
