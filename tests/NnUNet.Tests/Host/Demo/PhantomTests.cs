using NnUNet.Host.Demo;

namespace NnUNet.Tests.Host.Demo;

/// <summary>The demo's phantoms: two nested structures, contrast to segment, reproducible from the seed.</summary>
public class PhantomTests
{
    static readonly int[] Shape3D = [16, 48, 48];
    static readonly double[] Spacing3D = [3.0, 0.8, 0.8];

    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ThreeDLesionIsEnclosedByOrganInEveryPlane(int seed) => AssertNestedAndContrasted(Phantom.Create(Shape3D, Spacing3D, seed));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TwoDLesionIsEnclosedByOrgan(int seed) => AssertNestedAndContrasted(Phantom.Create([1, 64, 80], [1, 0.8, 0.8], seed));

    [Fact]
    public void SameSeedGivesTheSamePhantomAndAnotherSeedAnother()
    {
        var a = Phantom.Create(Shape3D, Spacing3D, 7);
        var b = Phantom.Create(Shape3D, Spacing3D, 7);
        var c = Phantom.Create(Shape3D, Spacing3D, 8);

        Assert.Equal(a.Image, b.Image);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Labels, c.Labels);
        Assert.Equal(Shape3D, a.Shape);
        Assert.Equal(Spacing3D, a.Spacing);
    }

    /// <summary>
    /// Both structures present; every lesion voxel's in-plane neighbours (0.8 mm away, less than the organ margin the
    /// phantom guarantees around its lesion) are organ or lesion, never background or outside the image; intensities
    /// are finite, non-negative and rise from background to organ to lesion on average.
    /// </summary>
    static void AssertNestedAndContrasted(Phantom phantom)
    {
        int[] s = phantom.Shape;
        Assert.Equal(s[0] * s[1] * s[2], phantom.Labels.Length);
        Assert.Equal(phantom.Labels.Length, phantom.Image.Length);
        Assert.All(phantom.Labels, l => Assert.InRange(l, (byte)0, Phantom.Lesion));
        Assert.Contains(Phantom.Organ, phantom.Labels);
        Assert.Contains(Phantom.Lesion, phantom.Labels);

        for (int z = 0, i = 0; z < s[0]; z++)
        for (int y = 0; y < s[1]; y++)
        for (int x = 0; x < s[2]; x++, i++)
        {
            if (phantom.Labels[i] != Phantom.Lesion) continue;
            foreach (var (dy, dx) in new[] { (-1, 0), (1, 0), (0, -1), (0, 1) })
            {
                int ny = y + dy, nx = x + dx;
                Assert.True(ny >= 0 && ny < s[1] && nx >= 0 && nx < s[2], $"lesion voxel ({z}, {y}, {x}) at the image border");
                Assert.True(phantom.Labels[(z * s[1] + ny) * s[2] + nx] != 0, $"lesion voxel ({z}, {y}, {x}) next to background");
            }
        }

        Assert.All(phantom.Image, v => Assert.True(float.IsFinite(v) && v >= 0));
        double Mean(byte label) => phantom.Image.Where((_, i) => phantom.Labels[i] == label).Average();
        Assert.True(Mean(0) < Mean(Phantom.Organ) && Mean(Phantom.Organ) < Mean(Phantom.Lesion),
            $"mean intensities background {Mean(0):0}, organ {Mean(Phantom.Organ):0}, lesion {Mean(Phantom.Lesion):0}");
    }
}
