using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Inference;

/// <summary>
/// Where a voxel of the cropped volume in plan order lands in the raw image: the crop box undone and the plan's
/// transpose undone in one index computation, so slabs are written straight into the raw-order output.
/// </summary>
internal sealed class RawPlacement
{
    readonly long _base;
    readonly long[] _strides;
    readonly long _rawVoxels;

    RawPlacement(int[] croppedPlanShape, long origin, long[] strides, long rawVoxels)
    {
        CroppedPlanShape = croppedPlanShape;
        _base = origin;
        _strides = strides;
        _rawVoxels = rawVoxels;
    }

    /// <summary>The shape after cropping, in plan order: the grid the probabilities are resampled to.</summary>
    public int[] CroppedPlanShape { get; }

    /// <summary>Checks the properties' shapes and crop box against each other and the transpose.</summary>
    public static RawPlacement Create(CaseProperties properties, IReadOnlyList<int> transposeForward)
    {
        ArgumentNullException.ThrowIfNull(transposeForward);
        if (transposeForward.Count != 3 || !transposeForward.Order().SequenceEqual([0, 1, 2]))
            throw SegmentationExporter.Invalid(properties, $"transpose_forward ({string.Join(", ", transposeForward)}) is not a permutation of 0, 1, 2");
        int[] raw = properties.OriginalShape, cropped = properties.ShapeAfterCropping;
        if (raw is not { Length: 3 } || raw.Any(s => s < 1))
            throw SegmentationExporter.Invalid(properties, $"original_size_of_raw_data ({SegmentationExporter.Format(raw)}) is not three positive sizes");
        if (cropped is not { Length: 3 } || properties.CropBox is not { Length: 3 } || properties.CropBox.Any(b => b is not { Length: 2 }))
            throw SegmentationExporter.Invalid(properties, "size_after_cropping or crop_bbox does not have three axes");
        for (int a = 0; a < 3; a++)
        {
            int lo = properties.CropBox[a][0], hi = properties.CropBox[a][1];
            if (lo < 0 || hi > raw[a] || hi - lo != cropped[a] || cropped[a] < 1)
                throw SegmentationExporter.Invalid(properties, $"crop_bbox [{lo}, {hi}) along axis {a} does not fit size_after_cropping " +
                                                               $"{cropped[a]} inside the raw size {raw[a]}");
        }
        long[] rawStrides = [(long)raw[1] * raw[2], raw[2], 1];
        long origin = 0;
        for (int a = 0; a < 3; a++) origin += properties.CropBox[a][0] * rawStrides[a];
        return new RawPlacement(
            transposeForward.Select(a => cropped[a]).ToArray(),
            origin,
            transposeForward.Select(a => rawStrides[a]).ToArray(),
            raw[0] * rawStrides[0]);
    }

    /// <summary>Writes the labels of plan rows [firstRow, + rows) of the cropped volume into the raw-order map.</summary>
    public void Place(ReadOnlySpan<int> labels, int firstRow, int rows, LabelMap target)
    {
        long step = _strides[2];
        int n = CroppedPlanShape[2];
        if (target.DataType == NiftiDataType.UInt8)
        {
            var voxels = target.Voxels<byte>();
            foreach (var (source, destination) in Lines(firstRow, rows))
                for (int k = 0; k < n; k++) voxels[(int)(destination + k * step)] = (byte)labels[source + k];
        }
        else
        {
            var voxels = target.Voxels<ushort>();
            foreach (var (source, destination) in Lines(firstRow, rows))
                for (int k = 0; k < n; k++) voxels[(int)(destination + k * step)] = (ushort)labels[source + k];
        }
    }

    /// <summary>Writes the probabilities (classes, rows, y, x) of plan rows [firstRow, + rows) into the raw-order
    /// float16 array (classes, raw shape).</summary>
    public void Place(ReadOnlySpan<float> values, int classes, int firstRow, int rows, Half[] target)
    {
        long step = _strides[2];
        int n = CroppedPlanShape[2];
        int perClass = rows * CroppedPlanShape[1] * n;
        for (int c = 0; c < classes; c++)
        {
            var part = values.Slice(c * perClass, perClass);
            long offset = c * _rawVoxels;
            foreach (var (source, destination) in Lines(firstRow, rows))
                for (int k = 0; k < n; k++) target[offset + destination + k * step] = (Half)part[source + k];
        }
    }

    /// <summary>Every line along the last plan axis of the slab: its start in the slab (C order) and in the raw array.</summary>
    IEnumerable<(int Source, long Destination)> Lines(int firstRow, int rows)
    {
        int n1 = CroppedPlanShape[1], n2 = CroppedPlanShape[2];
        for (int r = 0; r < rows; r++)
        for (int j = 0; j < n1; j++)
            yield return ((r * n1 + j) * n2, _base + (firstRow + r) * _strides[0] + j * _strides[1]);
    }
}
