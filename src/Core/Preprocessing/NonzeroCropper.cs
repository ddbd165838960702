using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NnUNet.Abstractions;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Crop to the non-zero region (spec §3, v1 ImageCropper.crop_to_nonzero): mask = OR over channels of
/// (value != 0), holes filled (<see cref="BinaryHoleFilling"/>); image and label map are cropped to the mask's
/// bounding box; in the cropped label map, voxels that are 0 and outside the mask become -1. Without a label
/// map the mask itself becomes the segmentation (0 inside, -1 outside).
/// </summary>
public static class NonzeroCropper
{
    /// <summary>Label given to background voxels outside the non-zero mask. spec §3</summary>
    public const float OutsideLabel = -1f;

    /// <summary>Crops a raw case. A case whose channels are zero everywhere is an <see cref="InvalidInputException"/>.</summary>
    public static CroppedCase Crop(RawCase raw)
    {
        byte[] mask = NonzeroMask(raw.Data, raw.Channels, raw.Shape);
        int[][] box = BoundingBox(mask, raw.Shape)
            ?? throw new InvalidInputException($"{raw.ImageFiles[0]}: every voxel of case {raw.Id} is 0 in all channels; there is no image region to crop to.");
        int[] shape = [box[0][1] - box[0][0], box[1][1] - box[1][0], box[2][1] - box[2][0]];
        long voxels = (long)shape[0] * shape[1] * shape[2];

        var data = GC.AllocateUninitializedArray<float>((int)(raw.Channels * voxels));
        for (int c = 0; c < raw.Channels; c++)
            CopyBox(raw.Data.AsSpan((int)(c * raw.VoxelsPerChannel), (int)raw.VoxelsPerChannel), raw.Shape, box,
                data.AsSpan((int)(c * voxels), (int)voxels));

        var segmentation = GC.AllocateUninitializedArray<float>((int)voxels);
        var classes = new SortedSet<int>();
        if (raw.Segmentation is { } labels)
        {
            CopyBox(labels, raw.Shape, box, segmentation);
            var croppedMask = new byte[voxels];
            CopyBox(mask, raw.Shape, box, croppedMask);
            MarkOutside(segmentation, croppedMask, raw.LabelFile!, classes);
        }
        else
        {
            int o = 0;
            ForEachRow(raw.Shape, box, (start, length) =>
            {
                foreach (byte m in mask.AsSpan(start, length)) segmentation[o++] = m != 0 ? 0f : OutsideLabel;
            });
            foreach (float v in segmentation) classes.Add((int)v);
        }

        return new CroppedCase
        {
            Id = raw.Id,
            Data = data,
            Channels = raw.Channels,
            Shape = shape,
            Segmentation = segmentation,
            HasLabel = raw.Segmentation != null,
            CropBox = box,
            OriginalShape = (int[])raw.Shape.Clone(),
            Geometry = raw.Geometry,
            ImageFiles = raw.ImageFiles,
            LabelFile = raw.LabelFile,
            Classes = classes.ToArray(),
        };
    }

    /// <summary>The hole-filled non-zero mask (1 where any channel is not 0), (z, y, x).</summary>
    public static byte[] NonzeroMask(ReadOnlySpan<float> data, int channels, int[] shape)
    {
        int voxels = shape[0] * shape[1] * shape[2];
        if (data.Length != (long)channels * voxels) throw new ArgumentException("Data length does not match channels x shape.", nameof(data));
        var mask = new byte[voxels];
        for (int c = 0; c < channels; c++) MarkNonzero(data.Slice(c * voxels, voxels), mask);
        BinaryHoleFilling.Fill(mask, shape);
        return mask;
    }

    /// <summary>Sets mask[i] = 1 where values[i] != 0 (NaN counts as non-zero, as in numpy), eight voxels at a time.</summary>
    static void MarkNonzero(ReadOnlySpan<float> values, Span<byte> mask)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float origin = ref MemoryMarshal.GetReference(values);
            var bytes = MemoryMarshal.Cast<byte, ulong>(mask[..(mask.Length & ~7)]);
            for (; i <= values.Length - 8; i += 8)
            {
                uint zero = Vector256.Equals(Vector256.LoadUnsafe(ref origin, (nuint)i), Vector256<float>.Zero).ExtractMostSignificantBits();
                bytes[i >> 3] |= ByteMasks[~zero & 0xFF];
            }
        }
        for (; i < values.Length; i++)
            if (values[i] != 0f) mask[i] = 1;
    }

    /// <summary>For each 8-bit pattern, eight bytes that are 1 where the bit is set (little-endian, bit k = byte k).</summary>
    static readonly ulong[] ByteMasks = Enumerable.Range(0, 256)
        .Select(bits => Enumerable.Range(0, 8).Aggregate(0UL, (m, k) => (bits >> k & 1) != 0 ? m | 1UL << (8 * k) : m)).ToArray();

    /// <summary>
    /// [[z0, z1], [y0, y1], [x0, x1]] (end exclusive) of the voxels where <paramref name="mask"/> is not 0, or
    /// null when there are none (v1 get_bbox_from_mask).
    /// </summary>
    public static int[][]? BoundingBox(ReadOnlySpan<byte> mask, int[] shape)
    {
        int nz = shape[0], ny = shape[1], nx = shape[2];
        int z0 = int.MaxValue, z1 = -1, y0 = int.MaxValue, y1 = -1, x0 = int.MaxValue, x1 = -1;
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
            {
                var row = mask.Slice((z * ny + y) * nx, nx);
                int first = row.IndexOfAnyExcept((byte)0);
                if (first < 0) continue;
                int last = row.LastIndexOfAnyExcept((byte)0);
                z0 = Math.Min(z0, z); z1 = z;
                y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
                x0 = Math.Min(x0, first); x1 = Math.Max(x1, last);
            }
        return z1 < 0 ? null : [[z0, z1 + 1], [y0, y1 + 1], [x0, x1 + 1]];
    }

    /// <summary>Copies the box of a (z, y, x) volume into <paramref name="target"/> (the box's shape, C order).</summary>
    static void CopyBox<T>(ReadOnlySpan<T> source, int[] shape, int[][] box, Span<T> target)
    {
        int o = 0, length = box[2][1] - box[2][0];
        for (int z = box[0][0]; z < box[0][1]; z++)
            for (int y = box[1][0]; y < box[1][1]; y++)
            {
                source.Slice((z * shape[1] + y) * shape[2] + box[2][0], length).CopyTo(target.Slice(o, length));
                o += length;
            }
    }

    static void ForEachRow(int[] shape, int[][] box, Action<int, int> row)
    {
        int length = box[2][1] - box[2][0];
        for (int z = box[0][0]; z < box[0][1]; z++)
            for (int y = box[1][0]; y < box[1][1]; y++)
                row((z * shape[1] + y) * shape[2] + box[2][0], length);
    }

    /// <summary>Sets -1 where the label is 0 outside the mask; checks labels are integers and collects the values.</summary>
    static void MarkOutside(Span<float> segmentation, ReadOnlySpan<byte> mask, string labelFile, SortedSet<int> classes)
    {
        float last = float.NaN;
        for (int i = 0; i < segmentation.Length; i++)
        {
            float v = segmentation[i];
            if (v == 0f && mask[i] == 0) v = segmentation[i] = OutsideLabel;
            if (v == last) continue;
            if (!(MathF.Round(v) == v) || Math.Abs(v) > short.MaxValue)
                throw new InvalidInputException($"{labelFile}: label value {v} is not an integer label.");
            classes.Add((int)v);
            last = v;
        }
    }
}
