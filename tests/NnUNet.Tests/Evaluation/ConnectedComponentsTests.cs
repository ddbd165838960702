using System.Globalization;
using NnUNet.Core.Evaluation;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Evaluation;

/// <summary>
/// 6-connected components (spec §9: scipy's default structure): crafted shapes, a breadth-first definition on
/// random volumes, and scipy.ndimage.label itself when Debian's python3-scipy is there.
/// </summary>
public class ConnectedComponentsTests
{
    [Fact]
    public void EdgeAndCornerNeighboursAreSeparateFaceNeighboursJoin()
    {
        var v = new LabelVolume(2, 3, 3);
        v[0, 0, 0] = 1;
        v[0, 1, 1] = 1; // touches (0,0,0) only along an edge
        v[1, 1, 1] = 1; // face neighbour of (0,1,1) through z
        v[1, 2, 2] = 1; // corner-free diagonal of (1,1,1)

        var components = ConnectedComponents.Find(v.Data, v.Shape, [1]);

        Assert.Equal([1L, 2, 1], components.Sizes);
    }

    [Fact]
    public void BranchesThatMeetLaterAreOneComponent()
    {
        // A "U": two bars down the rows, joined only by the last row; and a comb joined only through the slice below.
        var v = new LabelVolume(2, 5, 7)
            .Box(1, 0, 1, 0, 5, 0, 1).Box(1, 0, 1, 0, 5, 6, 7).Box(1, 0, 1, 4, 5, 0, 7)
            .Box(2, 0, 1, 0, 3, 2, 3).Box(2, 0, 1, 0, 3, 4, 5).Box(2, 1, 2, 0, 1, 2, 5);

        Assert.Equal([5L + 5 + 5], ConnectedComponents.Find(v.Data, v.Shape, [1]).Sizes);
        Assert.Equal([3L + 3 + 3], ConnectedComponents.Find(v.Data, v.Shape, [2]).Sizes);
        Assert.Equal([15L, 9], ConnectedComponents.Find(v.Data, v.Shape, [1, 2]).Sizes);
    }

    [Theory]
    [InlineData(7, 9, 11, 0.3, 1)]
    [InlineData(5, 16, 16, 0.55, 2)] // near percolation: long chains of unions
    [InlineData(1, 40, 33, 0.5, 3)]  // a 2D case (z = 1)
    [InlineData(12, 1, 20, 0.6, 4)]
    [InlineData(9, 8, 1, 0.6, 5)]
    public void LabelMapEqualsBreadthFirstSearchInRasterOrder(int depth, int height, int width, double density, int seed)
    {
        var v = RandomVolume(depth, height, width, density, seed);
        var map = new int[v.Data.Length];

        ConnectedComponents components = ConnectedComponents.Find(v.Data, v.Shape, [1, 2]);
        components.FillLabelMap(map);

        int[] expected = BreadthFirstLabels(v, l => l is 1 or 2, out long[] sizes);
        Assert.Equal(expected, map);
        Assert.Equal(sizes, components.Sizes);
    }

    [SkippableFact]
    public void LabelMapEqualsScipyNdimageLabel()
    {
        string? why = PythonRunner.Missing("numpy", "scipy");
        Skip.If(why != null, why);
        using var temp = new TempDirectory();
        var v = RandomVolume(13, 17, 19, 0.45, 42);
        string input = temp.Combine("mask.f32"), output = temp.Combine("labels.i32");
        File.WriteAllBytes(input, v.Data.SelectMany(BitConverter.GetBytes).ToArray());

        PythonRunner.Run(
            "import sys, numpy as np\nfrom scipy import ndimage\n" +
            "a = np.fromfile(sys.argv[1], '<f4').reshape(int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))\n" +
            "labels, n = ndimage.label(np.isin(a, [1, 2]))\nlabels.astype('<i4').tofile(sys.argv[2])\n",
            [input, output, .. v.Shape.Select(s => s.ToString(CultureInfo.InvariantCulture))]);
        var bytes = File.ReadAllBytes(output);
        int[] scipy = Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToInt32(bytes, i * 4)).ToArray();

        var map = new int[v.Data.Length];
        ConnectedComponents.Find(v.Data, v.Shape, [1, 2]).FillLabelMap(map);
        Assert.Equal(scipy, map);
    }

    [Fact]
    public void KeepLargestRemovesSmallerComponentsOfTheClassOnly()
    {
        var v = new LabelVolume(3, 6, 6).Box(1, 0, 2, 0, 3, 0, 3).Box(1, 2, 3, 5, 6, 5, 6).Box(2, 2, 3, 0, 1, 5, 6);

        long removed = LargestComponent.Keep(v.Data, v.Shape, [1]);

        Assert.Equal(1, removed);
        Assert.Equal(18, v.CountOf(1));
        Assert.Equal(1, v.CountOf(2)); // another class, untouched
    }

    [Fact]
    public void KeepLargestOfMergedClassesTreatsTouchingClassesAsOneObject()
    {
        // Class 1 (8 voxels) touches class 2 (8 voxels): together 16, larger than the lone class-1 cube of 12.
        var v = new LabelVolume(2, 8, 8).Box(1, 0, 2, 0, 2, 0, 2).Box(2, 0, 2, 2, 4, 0, 2).Box(1, 0, 2, 5, 8, 5, 7);

        LargestComponent.Keep(v.Data, v.Shape, [1, 2]);

        Assert.Equal(8, v.CountOf(1));
        Assert.Equal(8, v.CountOf(2));
        Assert.Equal(0, v[0, 6, 6]);
    }

    [Fact]
    public void ComponentsAsLargeAsTheLargestAllStay()
    {
        var v = new LabelVolume(1, 5, 9).Box(1, 0, 1, 0, 2, 0, 2).Box(1, 0, 1, 0, 2, 6, 8).Box(1, 0, 1, 4, 5, 4, 5);

        Assert.Equal(1, LargestComponent.Keep(v.Data, v.Shape, [1]));
        Assert.Equal(8, v.CountOf(1));
    }

    [Fact]
    public void BackgroundIsNotAClass() =>
        Assert.Throws<ArgumentException>(() => ConnectedComponents.Find(new float[8], [2, 2, 2], [0, 1]));

    static LabelVolume RandomVolume(int depth, int height, int width, double density, int seed)
    {
        var random = new Random(seed);
        var v = new LabelVolume(depth, height, width);
        for (int i = 0; i < v.Data.Length; i++)
            v.Data[i] = random.NextDouble() < density ? random.Next(1, 4) : 0; // class 3 is outside the mask
        return v;
    }

    /// <summary>The definition: breadth-first search over the 6 face neighbours, numbered in raster order.</summary>
    static int[] BreadthFirstLabels(LabelVolume v, Func<float, bool> inMask, out long[] sizes)
    {
        int d = v.Shape[0], h = v.Shape[1], w = v.Shape[2];
        var labels = new int[v.Data.Length];
        var found = new List<long>();
        var queue = new Queue<int>();
        for (int start = 0; start < labels.Length; start++)
        {
            if (labels[start] != 0 || !inMask(v.Data[start])) continue;
            found.Add(0);
            labels[start] = found.Count;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                int i = queue.Dequeue();
                found[^1]++;
                int z = i / (h * w), y = i / w % h, x = i % w;
                foreach (var (dz, dy, dx) in new[] { (1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1) })
                {
                    int nz = z + dz, ny = y + dy, nx = x + dx;
                    if (nz < 0 || ny < 0 || nx < 0 || nz >= d || ny >= h || nx >= w) continue;
                    int n = (nz * h + ny) * w + nx;
                    if (labels[n] != 0 || !inMask(v.Data[n])) continue;
                    labels[n] = found.Count;
                    queue.Enqueue(n);
                }
            }
        }
        sizes = found.ToArray();
        return labels;
    }
}
