using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Tests.Inference;

/// <summary>Synthetic cases for export tests: a raw label volume, its crop box, and the preprocessing that leads from
/// it to the network's grid (transpose, then a resampling), described by <see cref="CaseProperties"/>.</summary>
public static class ExportFixtures
{
    /// <summary>A non-trivial geometry: anisotropic spacing, an origin and a rotated, left-handed direction.</summary>
    public static ImageGeometry Geometry(double[] spacing)
    {
        double c = Math.Cos(0.3), s = Math.Sin(0.3);
        return new ImageGeometry(spacing, [-12.5, 40.25, 7], [c, -s, 0, s, c, 0, 0, 0, -1]);
    }

    /// <summary>Labels 1..classes-1 as nested blobs inside <paramref name="box"/> (raw order), 0 elsewhere.</summary>
    public static float[] Labels(int[] shape, int[][] box, int classes)
    {
        var labels = new float[shape[0] * shape[1] * shape[2]];
        for (int z = box[0][0]; z < box[0][1]; z++)
        for (int y = box[1][0]; y < box[1][1]; y++)
        for (int x = box[2][0]; x < box[2][1]; x++)
        {
            double u = (z - box[0][0] + 0.5) / (box[0][1] - box[0][0]) - 0.5;
            double v = (y - box[1][0] + 0.5) / (box[1][1] - box[1][0]) - 0.5;
            double w = (x - box[2][0] + 0.5) / (box[2][1] - box[2][0]) - 0.5;
            double r = Math.Sqrt(u * u + v * v + w * w) + 0.1 * Math.Sin(7 * v + 3 * w);
            labels[(z * shape[1] + y) * shape[2] + x] = Math.Max(0, classes - 1 - (int)(r * 2.2 * (classes - 1)));
        }
        return labels;
    }

    public static CaseProperties Properties(string id, int[] rawShape, int[][] box, double[] rawSpacing, ImageGeometry geometry,
        int[] transposeForward, int[] resampledPlanShape, double[] resampledPlanSpacing) => new()
    {
        CaseIdentifier = id,
        OriginalSpacing = rawSpacing,
        Origin = geometry.Origin,
        Direction = geometry.Direction,
        OriginalShape = rawShape,
        CropBox = box,
        ShapeAfterCropping = box.Select(b => b[1] - b[0]).ToArray(),
        ShapeAfterResampling = resampledPlanShape,
        SpacingAfterResampling = resampledPlanSpacing,
    };

    /// <summary>The box [lo, hi) of a raw (z, y, x) volume, transposed to plan order, as (c=1, plan shape) values.</summary>
    public static float[] CropAndTranspose(float[] raw, int[] rawShape, int[][] box, int[] transposeForward)
    {
        int[] cropped = box.Select(b => b[1] - b[0]).ToArray();
        int[] plan = transposeForward.Select(a => cropped[a]).ToArray();
        var result = new float[plan[0] * plan[1] * plan[2]];
        for (int i = 0; i < plan[0]; i++)
        for (int j = 0; j < plan[1]; j++)
        for (int k = 0; k < plan[2]; k++)
        {
            int[] r = new int[3];
            r[transposeForward[0]] = i;
            r[transposeForward[1]] = j;
            r[transposeForward[2]] = k;
            result[(i * plan[1] + j) * plan[2] + k] =
                raw[((r[0] + box[0][0]) * rawShape[1] + r[1] + box[1][0]) * rawShape[2] + r[2] + box[2][0]];
        }
        return result;
    }

    /// <summary>One-hot (classes, shape) of integer labels.</summary>
    public static float[] OneHot(float[] labels, int classes)
    {
        var result = new float[classes * labels.Length];
        for (int v = 0; v < labels.Length; v++) result[(int)labels[v] * labels.Length + v] = 1;
        return result;
    }

    /// <summary>Each axis repeated <paramref name="factor"/> times (nearest upsampling), every channel.</summary>
    public static float[] Repeat(float[] values, int channels, int[] shape, int factor)
    {
        int[] big = shape.Select(s => s * factor).ToArray();
        int voxels = shape[0] * shape[1] * shape[2], bigVoxels = big[0] * big[1] * big[2];
        var result = new float[channels * bigVoxels];
        for (int c = 0; c < channels; c++)
        for (int z = 0; z < big[0]; z++)
        for (int y = 0; y < big[1]; y++)
        for (int x = 0; x < big[2]; x++)
            result[c * bigVoxels + (z * big[1] + y) * big[2] + x] =
                values[c * voxels + (z / factor * shape[1] + y / factor) * shape[2] + x / factor];
        return result;
    }
}
