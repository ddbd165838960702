using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Inference;

/// <summary>Export to the raw grid (spec §8): round trips through the preprocessing geometry, and the slab export
/// against the whole-volume computation v1 does.</summary>
public class SegmentationExporterTests
{
    static readonly int[] RawShape = [9, 14, 11];
    static readonly int[][] Box = [[1, 8], [2, 13], [0, 10]];
    static readonly double[] RawSpacing = [2.5, 0.8, 0.7];
    const int Classes = 4;

    /// <summary>A "prediction" equal to the label (one-hot, cropped, transposed and, with factor 2, upsampled as
    /// preprocessing would) reproduces the label file's voxels and geometry.</summary>
    [Theory]
    [InlineData(new[] { 0, 1, 2 }, 1)]
    [InlineData(new[] { 2, 0, 1 }, 1)]
    [InlineData(new[] { 1, 2, 0 }, 2)]
    [InlineData(new[] { 2, 0, 1 }, 2)]
    public void APredictionEqualToTheLabelReproducesTheLabelFile(int[] transposeForward, int factor)
    {
        using var dir = new TempDirectory();
        var geometry = ExportFixtures.Geometry(RawSpacing);
        string labelPath = dir.Combine("case_001.nii.gz");
        NiftiWriter.Write(labelPath, new Image(ExportFixtures.Labels(RawShape, Box, Classes), 1, RawShape, geometry), NiftiDataType.UInt8);
        var label = NiftiReader.Read(labelPath);

        var cropped = ExportFixtures.CropAndTranspose(label.Data, RawShape, Box, transposeForward);
        int[] planShape = transposeForward.Select(a => Box[a][1] - Box[a][0]).ToArray();
        var probabilities = ExportFixtures.Repeat(ExportFixtures.OneHot(cropped, Classes), Classes, planShape, factor);
        var properties = ExportFixtures.Properties("case_001", RawShape, Box, RawSpacing, label.Geometry, transposeForward,
            planShape.Select(s => s * factor).ToArray(), transposeForward.Select(a => RawSpacing[a] / factor).ToArray());

        var exported = SegmentationExporter.Export(probabilities, Classes, properties, transposeForward,
            new ExportOptions { SlabValues = 1 }); // one row per slab
        string predictionPath = dir.Combine("prediction.nii.gz");
        exported.Write(predictionPath, null);

        var prediction = NiftiReader.Read(predictionPath);
        Assert.Equal(NiftiDataType.UInt8, NiftiReader.ReadHeader(predictionPath).DataType);
        Assert.Equal(label.Shape, prediction.Shape);
        Assert.Equal(label.Data, prediction.Data);
        Assert.Equal(label.Geometry.Spacing, prediction.Geometry.Spacing);
        Assert.Equal(label.Geometry.Origin, prediction.Geometry.Origin);
        Assert.Equal(label.Geometry.Direction, prediction.Geometry.Direction);
        Assert.Contains(prediction.Data, v => v == Classes - 1);
    }

    public static TheoryData<int[], double[], long> SlabCases() => new()
    {
        { [0, 1, 2], [1.0, 0.9, 1.1], 1 },         // 3D linear, one row per slab
        { [0, 1, 2], [1.0, 0.9, 1.1], 1 << 30 },   // a single slab
        { [2, 0, 1], [4.0, 0.9, 0.8], 300 },       // separate z (raw axis 0 -> plan axis 1)
        { [0, 1, 2], [4.0, 0.9, 0.8], 500 },       // separate z along plan axis 0
        { [1, 2, 0], [1.0, 1.0, 5.0], 700 },       // separate z (raw axis 2 -> plan axis 0)
    };

    /// <summary>Slab export = resampling all class probabilities at once (v1), argmax, uncrop, transpose back: the
    /// same labels at every voxel, and the same probabilities.</summary>
    [Theory]
    [MemberData(nameof(SlabCases))]
    public void SlabExportEqualsTheWholeVolumeExport(int[] transposeForward, double[] rawSpacing, long slabValues)
    {
        int[] planCropped = transposeForward.Select(a => Box[a][1] - Box[a][0]).ToArray();
        int[] resampled = [5, 8, 13];
        double[] planSpacing = Enumerable.Range(0, 3).Select(i => rawSpacing[transposeForward[i]] * planCropped[i] / resampled[i]).ToArray();
        var probabilities = SmoothProbabilities(Classes, resampled);
        var properties = ExportFixtures.Properties("case_002", RawShape, Box, rawSpacing, ExportFixtures.Geometry(rawSpacing),
            transposeForward, resampled, planSpacing);

        var exported = SegmentationExporter.Export(probabilities, Classes, properties, transposeForward,
            new ExportOptions { SlabValues = slabValues, KeepProbabilities = true });

        int? separate = ResamplingPlan.ForShape(planCropped, transposeForward.Select(a => rawSpacing[a]).ToArray(), planSpacing).SeparateZAxis;
        Assert.Equal(rawSpacing.Max() / rawSpacing.Min() > 3, separate is not null);
        var whole = Resampler.Resample(probabilities, Classes, resampled, planCropped, ResamplingScheme.Probabilities, separate);
        var (labels, raw) = WholeVolumeReference(whole, planCropped, transposeForward);
        Assert.Equal(labels, Enumerable.Range(0, labels.Length).Select(i => exported.Segmentation[i]).ToArray());
        Assert.Equal(raw, exported.Probabilities);
        Assert.True(labels.Distinct().Count() > 1);
    }

    [Fact]
    public void MoreThan255ClassesAreWrittenAsUInt16()
    {
        const int classes = 300;
        int[] shape = [2, 3, 4];
        int voxels = 24;
        var probabilities = new float[classes * voxels];
        for (int v = 0; v < voxels; v++) probabilities[(classes - 1 - v) * voxels + v] = 1;
        var properties = ExportFixtures.Properties("big", shape, [[0, 2], [0, 3], [0, 4]], [1, 1, 1], ImageGeometry.Identity, [0, 1, 2], shape, [1, 1, 1]);

        var exported = SegmentationExporter.Export(probabilities, classes, properties, [0, 1, 2]);
        using var dir = new TempDirectory();
        exported.Write(dir.Combine("big.nii.gz"), null);

        Assert.Equal(NiftiDataType.UInt16, NiftiReader.ReadHeader(dir.Combine("big.nii.gz")).DataType);
        Assert.Equal(Enumerable.Range(0, voxels).Select(v => (float)(classes - 1 - v)), NiftiReader.Read(dir.Combine("big.nii.gz")).Data);
    }

    [Fact]
    public void ACropBoxThatDoesNotFitIsAnErrorNamingTheCase()
    {
        var properties = ExportFixtures.Properties("case_007", RawShape, Box, RawSpacing, ExportFixtures.Geometry(RawSpacing),
            [0, 1, 2], [7, 11, 10], RawSpacing) with { ShapeAfterCropping = [7, 11, 12] };
        var e = Assert.Throws<InvalidInputException>(() =>
            SegmentationExporter.Export(new float[Classes * 7 * 11 * 10], Classes, properties, [0, 1, 2]));
        Assert.Contains("case_007", e.Message);
        Assert.Contains("crop_bbox", e.Message);
    }

    /// <summary>Positive, smooth and different per class, so the argmax changes across the volume.</summary>
    static float[] SmoothProbabilities(int classes, int[] shape)
    {
        int voxels = shape[0] * shape[1] * shape[2];
        var values = new float[classes * voxels];
        for (int c = 0; c < classes; c++)
        for (int z = 0; z < shape[0]; z++)
        for (int y = 0; y < shape[1]; y++)
        for (int x = 0; x < shape[2]; x++)
            values[c * voxels + (z * shape[1] + y) * shape[2] + x] =
                (float)(1.2 + Math.Sin(1.3 * z + 2.1 * c) * Math.Cos(0.5 * y + 0.7 * x - c));
        return values;
    }

    /// <summary>v1's order: argmax of the whole resampled volume, zeros (uint8) of the raw shape, the box filled, and
    /// the probabilities placed likewise (float16, zeros outside), with the plan axes put back in raw order.</summary>
    static (int[] Labels, Half[] Probabilities) WholeVolumeReference(float[] whole, int[] planCropped, int[] transposeForward)
    {
        int planVoxels = planCropped[0] * planCropped[1] * planCropped[2];
        int rawVoxels = RawShape[0] * RawShape[1] * RawShape[2];
        var labels = new int[rawVoxels];
        var probabilities = new Half[Classes * rawVoxels];
        for (int i = 0; i < planCropped[0]; i++)
        for (int j = 0; j < planCropped[1]; j++)
        for (int k = 0; k < planCropped[2]; k++)
        {
            int v = (i * planCropped[1] + j) * planCropped[2] + k;
            int best = 0;
            for (int c = 1; c < Classes; c++)
                if (whole[c * planVoxels + v] > whole[best * planVoxels + v]) best = c;
            int[] r = new int[3];
            r[transposeForward[0]] = i + Box[transposeForward[0]][0];
            r[transposeForward[1]] = j + Box[transposeForward[1]][0];
            r[transposeForward[2]] = k + Box[transposeForward[2]][0];
            int target = (r[0] * RawShape[1] + r[1]) * RawShape[2] + r[2];
            labels[target] = best;
            for (int c = 0; c < Classes; c++) probabilities[c * rawVoxels + target] = (Half)whole[c * planVoxels + v];
        }
        return (labels, probabilities);
    }
}
