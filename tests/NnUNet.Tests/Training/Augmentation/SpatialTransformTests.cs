using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Tests.Training.Augmentation;

public class SpatialTransformTests
{
    static float[] Pattern(int channels, PatchShape shape, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, channels * shape.Voxels).Select(_ => (float)random.NextDouble())];
    }

    static float[] Labels(PatchShape shape)
    {
        // Blocks of labels 0..3 with a -1 border column, so label boundaries run in every direction.
        var seg = new float[shape.Voxels];
        for (int z = 0, i = 0; z < shape.Z; z++)
            for (int y = 0; y < shape.Y; y++)
                for (int x = 0; x < shape.X; x++, i++)
                    seg[i] = x == 0 ? -1 : (z / 3 + y / 4 + x / 5) % 4;
        return seg;
    }

    static (float[] Data, float[] Seg) CentreCrop(float[] data, float[] seg, int channels, PatchShape source, PatchShape output)
    {
        var outData = new float[channels * output.Voxels];
        var outSeg = new float[output.Voxels];
        SpatialTransform.Apply((float[])data.Clone(), seg, channels, source, SpatialParameters.CentreCrop(false), outData, outSeg, output);
        return (outData, outSeg);
    }

    [Fact]
    public void CentreCropTakesTheMiddle()
    {
        var source = new PatchShape(6, 7, 8);
        var output = new PatchShape(4, 4, 4);
        var data = Enumerable.Range(0, source.Voxels).Select(i => (float)i).ToArray();
        var (crop, _) = CentreCrop(data, new float[source.Voxels], 1, source, output);
        // lower corner (6-4)//2, (7-4)//2, (8-4)//2 = (1, 1, 2)
        Assert.Equal((1 * 7 + 1) * 8 + 2, crop[0]);
        Assert.Equal((4 * 7 + 4) * 8 + 5, crop[^1]);
    }

    [Fact]
    public void IdentityTransformEqualsTheCentreCrop()
    {
        // Even size differences put output voxels exactly on source voxels, where the interpolating spline and the
        // linear label masks reproduce the samples.
        var source = new PatchShape(10, 14, 12);
        var output = new PatchShape(6, 8, 8);
        var data = Pattern(2, source, 1);
        var seg = Labels(source);
        var (cropData, cropSeg) = CentreCrop(data, seg, 2, source, output);

        var outData = new float[2 * output.Voxels];
        var outSeg = new float[output.Voxels];
        SpatialTransform.Apply((float[])data.Clone(), seg, 2, source, SpatialParameters.Volumetric(0, 0, 0, 1), outData, outSeg, output);
        for (int i = 0; i < outData.Length; i++) Assert.Equal(cropData[i], outData[i], 1e-5);
        Assert.Equal(cropSeg, outSeg);

        SpatialTransform.Apply((float[])data.Clone(), seg, 2, source with { Z = 6 }, SpatialParameters.InPlaneTransform(0, 1), outData, outSeg, output);
        var (planeData, planeSeg) = CentreCrop(data[..(2 * 6 * 14 * 12)], seg[..(6 * 14 * 12)], 2, source with { Z = 6 }, output);
        for (int i = 0; i < outData.Length; i++) Assert.Equal(planeData[i], outData[i], 1e-5);
        Assert.Equal(planeSeg, outSeg);
    }

    [Fact]
    public void QuarterTurnMovesKnownPixels()
    {
        // In-plane map (scale * R^T with R = rows (cos, -sin), (sin, cos)): at +90 deg the source of output (y, x) is
        // (x - c, -(y - c)) + c, i.e. source (y', x') = (x, n - 1 - y) for an n x n patch.
        int n = 9;
        var shape = new PatchShape(1, n, n);
        var data = Enumerable.Range(0, n * n).Select(i => (float)i).ToArray();
        var seg = Enumerable.Range(0, n * n).Select(i => (float)(i % 5)).ToArray();
        var outData = new float[n * n];
        var outSeg = new float[n * n];
        SpatialTransform.Apply(data, seg, 1, shape, SpatialParameters.InPlaneTransform(Math.PI / 2, 1), outData, outSeg, shape);
        for (int y = 1; y < n - 1; y++)
            for (int x = 1; x < n - 1; x++)
            {
                int source = x * n + (n - 1 - y);
                Assert.Equal(source, outData[y * n + x], 1e-3);
                Assert.Equal(source % 5, outSeg[y * n + x]);
            }
    }

    [Fact]
    public void RotatedLinearRampIsTheRampAtTheRotatedCoordinates()
    {
        // Cubic B-splines reproduce linear functions away from the border, so the result is exactly the ramp at the
        // source coordinates of the affine map: centre + scale * R^T (o - output centre).
        var source = new PatchShape(1, 40, 40);
        var output = new PatchShape(1, 16, 16);
        var data = new float[source.Voxels];
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 40; x++)
                data[y * 40 + x] = 0.5f * y - 0.25f * x + 3;
        double angle = 0.6, scale = 1.2;
        var outData = new float[output.Voxels];
        SpatialTransform.Apply(data, new float[source.Voxels], 1, source, SpatialParameters.InPlaneTransform(angle, scale), outData, new float[output.Voxels], output);
        double c = Math.Cos(angle), s = Math.Sin(angle);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
            {
                double dy = y - 7.5, dx = x - 7.5;
                double sy = scale * (c * dy + s * dx) + 19.5, sx = scale * (-s * dy + c * dx) + 19.5;
                Assert.Equal(0.5 * sy - 0.25 * sx + 3, outData[y * 16 + x], 1e-3);
            }
    }

    [Fact]
    public void VolumetricRotationComposesRotationsAboutEachAxisInBatchgeneratorsOrder()
    {
        // The map is (Rx(a0) Ry(a1) Rz(a2))^T: check it on a linear ramp in z, y and x.
        var source = new PatchShape(30, 30, 30);
        var output = new PatchShape(8, 8, 8);
        var data = new float[source.Voxels];
        for (int z = 0, i = 0; z < 30; z++)
            for (int y = 0; y < 30; y++)
                for (int x = 0; x < 30; x++, i++)
                    data[i] = 1f * z + 2f * y - 1.5f * x;
        double a0 = 0.3, a1 = -0.2, a2 = 0.4;
        var outData = new float[output.Voxels];
        SpatialTransform.Apply(data, new float[source.Voxels], 1, source, SpatialParameters.Volumetric(a0, a1, a2, 1), outData, new float[output.Voxels], output);
        var r = Multiply(Multiply(Rx(a0), Ry(a1)), Rz(a2));
        for (int z = 0, i = 0; z < 8; z++)
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++, i++)
                {
                    double[] d = [z - 3.5, y - 3.5, x - 3.5];
                    double[] src = new double[3];
                    for (int row = 0; row < 3; row++)
                        src[row] = 14.5 + r[0, row] * d[0] + r[1, row] * d[1] + r[2, row] * d[2]; // R^T d
                    Assert.Equal(src[0] + 2 * src[1] - 1.5 * src[2], outData[i], 2e-3);
                }
    }

    static double[,] Rx(double a) => new double[,] { { 1, 0, 0 }, { 0, Math.Cos(a), -Math.Sin(a) }, { 0, Math.Sin(a), Math.Cos(a) } };
    static double[,] Ry(double a) => new double[,] { { Math.Cos(a), 0, Math.Sin(a) }, { 0, 1, 0 }, { -Math.Sin(a), 0, Math.Cos(a) } };
    static double[,] Rz(double a) => new double[,] { { Math.Cos(a), -Math.Sin(a), 0 }, { Math.Sin(a), Math.Cos(a), 0 }, { 0, 0, 1 } };

    static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                    m[i, j] += a[i, k] * b[k, j];
        return m;
    }

    [Fact]
    public void InPlaneTransformNeverMixesSlices()
    {
        // Dummy 2D folds z into channels: every output slice comes from its own source slice only.
        var source = new PatchShape(5, 30, 30);
        var output = new PatchShape(5, 16, 16);
        var data = new float[source.Voxels];
        var seg = new float[source.Voxels];
        for (int i = 0; i < data.Length; i++) data[i] = seg[i] = i / (30 * 30);
        var outData = new float[output.Voxels];
        var outSeg = new float[output.Voxels];
        SpatialTransform.Apply(data, seg, 1, source, SpatialParameters.InPlaneTransform(2.5, 0.9), outData, outSeg, output);
        for (int i = 0; i < output.Voxels; i++)
        {
            Assert.Equal(i / 256, outData[i], 1e-4);
            Assert.Equal(i / 256, outSeg[i]);
        }
    }

    [Fact]
    public void RotationCreatesNoNewLabels()
    {
        var source = new PatchShape(20, 24, 24);
        var output = new PatchShape(10, 12, 12);
        var seg = Labels(source);
        var outSeg = new float[output.Voxels];
        var random = new TrainingRandom(9);
        for (int trial = 0; trial < 5; trial++)
        {
            var p = SpatialParameters.Volumetric(random.Uniform(-0.5, 0.5), random.Uniform(-0.5, 0.5), random.Uniform(-0.5, 0.5), random.Uniform(0.7, 1.4));
            SpatialTransform.Apply(Pattern(1, source, trial), seg, 1, source, p, new float[output.Voxels], outSeg, output);
            Assert.Subset(new HashSet<float> { -1, 0, 1, 2, 3 }, outSeg.ToHashSet());
            Assert.True(outSeg.Distinct().Count() >= 3);
        }
    }

    [Fact]
    public void OutsideTheEnlargedPatchDataIsZeroAndSegmentationMinusOne()
    {
        // Zooming out (scale 3) maps most of the output beyond the source.
        var source = new PatchShape(1, 10, 10);
        var output = new PatchShape(1, 10, 10);
        var data = Enumerable.Repeat(5f, source.Voxels).ToArray();
        var seg = Enumerable.Repeat(2f, source.Voxels).ToArray();
        var outData = new float[output.Voxels];
        var outSeg = new float[output.Voxels];
        SpatialTransform.Apply(data, seg, 1, source, SpatialParameters.InPlaneTransform(0, 3), outData, outSeg, output);
        Assert.Equal(0f, outData[0]);
        Assert.Equal(-1f, outSeg[0]);
        Assert.Equal(5f, outData[5 * 10 + 5], 1e-4); // the centre still sees the image
        Assert.Equal(2f, outSeg[5 * 10 + 5]);
    }

    [Fact]
    public void ReadingOnlyTheNeededBoxMatchesTransformingTheWholeEnlargedPatch()
    {
        var source = new PatchShape(40, 90, 90);
        var output = new PatchShape(12, 20, 20);
        var data = Pattern(2, source, 3);
        var seg = Labels(source);
        var p = SpatialParameters.Volumetric(0.2, -0.1, 0.3, 0.8);
        var (offset, size) = SpatialTransform.SourceBox(source, output, p);
        Assert.True(size.Voxels < source.Voxels / 2, $"box {size} is not much smaller than {source}");

        var whole = new float[2 * output.Voxels];
        var wholeSeg = new float[output.Voxels];
        SpatialTransform.ApplyToBox((float[])data.Clone(), seg, 2, source, default, source, p, whole, wholeSeg, output);
        var boxed = new float[2 * output.Voxels];
        var boxedSeg = new float[output.Voxels];
        SpatialTransform.Apply((float[])data.Clone(), seg, 2, source, p, boxed, boxedSeg, output);
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], boxed[i], 1e-5);
        Assert.Equal(wholeSeg, boxedSeg);
    }

    [Fact]
    public void DrawGivesCentreCropsMostOfTheTimeAndNothingButCropsWithoutAugmentation()
    {
        var random = new TrainingRandom(10);
        var spatial = new SpatialTransform(AugmentationParameters.For3D());
        int transformed = 0;
        for (int i = 0; i < 5000; i++)
            if (spatial.Draw(random).Transforms) transformed++;
        // P(rotation or scaling) = 1 - 0.8 * 0.8 = 0.36
        Assert.InRange(transformed / 5000.0, 0.33, 0.39);
        var none = new SpatialTransform(AugmentationParameters.For3D().WithoutAugmentation());
        Assert.False(none.Draw(random).Transforms);
    }
}
