using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Core.Imaging;

/// <summary>Writes NIfTI-1 files (.nii, .nii.gz) from engine order.</summary>
/// <remarks>
/// The header carries the geometry twice, as SimpleITK writes it: pixdim = spacing, a qform (code 1, quaternion with
/// qfac for left-handed grids) and an sform (code 1), units millimetres. Writing an image with the geometry of
/// another image (e.g. a prediction with its input's) makes the two overlay exactly in a viewer.
/// One channel is written as a 3D file (z = 1 for 2D images), several channels as 4D (dim[4] = channels).
/// Errors: a path not ending in .nii/.nii.gz, an unsupported datatype or an unusable geometry (non-positive spacing,
/// non-finite values, singular direction) are <see cref="ArgumentException"/>s (caller bugs); data that cannot be
/// stored (NaN or out-of-range values for an integer type, a dimension above NIfTI-1's 32767) is an
/// <see cref="InvalidInputException"/> naming the file, the voxel and the value. Nothing is left at the path then.
/// </remarks>
public static class NiftiWriter
{
    /// <summary>
    /// zlib level for .nii.gz, measured with the bench "nifti --levels" (zlib-ng inside .NET): on 256^3 float32 with
    /// noise, level 1 stores the noisy mantissas with fixed Huffman codes and the file grows past the raw size (71.4
    /// vs 67.1 MB), while level 2 gives the same 61.3 MB as level 6 at about the same speed; on uint8 label maps
    /// level 2 is 3x faster than 6 for a slightly larger (still tiny) file. nibabel's default is level 1 of zlib.
    /// </summary>
    public const int GzipLevel = 2;
    /// <summary>NIfTI-1 stores dims as int16.</summary>
    const int MaxNifti1Dim = short.MaxValue;
    const int ChunkVoxels = 1 << 20;
    const string Description = "nnU-Net for .NET";

    /// <summary>Writes the image with its geometry (sform and qform) as the given datatype, atomically.</summary>
    public static void Write(string path, Image image, NiftiDataType dataType = NiftiDataType.Float32)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(image);
        if (NiftiDataTypes.BytesPerVoxel(dataType) == 0)
            throw new ArgumentException($"{path}: cannot write datatype {dataType}", nameof(dataType));
        WriteFile(path, image.Channels, image.Shape, image.Geometry, dataType, output => WriteVoxels(output, image, dataType, path));
    }

    /// <summary>
    /// Writes a label map as its own datatype (uint8 or uint16) with its geometry, atomically, straight from its
    /// compact storage (no float copy of the volume).
    /// </summary>
    public static void Write(string path, LabelMap labels)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labels);
        WriteFile(path, 1, labels.Shape, labels.Geometry, labels.DataType, output =>
        {
            byte[] bytes = labels.Bytes;
            int bpv = labels.BytesPerVoxel;
            if (BitConverter.IsLittleEndian || bpv == 1)
            {
                output.Write(bytes);
                return;
            }
            byte[] buffer = new byte[ChunkVoxels * bpv];
            for (int start = 0; start < bytes.Length; start += buffer.Length)
            {
                int count = Math.Min(buffer.Length, bytes.Length - start);
                bytes.AsSpan(start, count).CopyTo(buffer);
                NiftiVoxels.ReverseByteOrder(buffer.AsSpan(0, count), bpv);
                output.Write(buffer, 0, count);
            }
        });
    }

    static void WriteFile(string path, int channels, int[] shape, ImageGeometry geometry, NiftiDataType dataType, Action<Stream> writeVoxels)
    {
        bool gzip = path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);
        if (!gzip && !path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{path}: a NIfTI file name must end in .nii or .nii.gz", nameof(path));
        CheckGeometry(path, geometry);
        if (shape.Max() > MaxNifti1Dim || channels > MaxNifti1Dim)
            throw new InvalidInputException($"{path}: shape {channels} x {string.Join(" x ", shape)} has a dimension above {MaxNifti1Dim}, the NIfTI-1 limit");

        byte[] header = BuildHeader(channels, shape, geometry, dataType).ToNifti1Bytes();
        AtomicFile.Write(path, file =>
        {
            if (!gzip)
            {
                file.Write(header);
                writeVoxels(file);
                return;
            }
            using var zip = new GZipStream(file, new ZLibCompressionOptions { CompressionLevel = GzipLevel }, leaveOpen: true);
            zip.Write(header);
            writeVoxels(zip);
        });
    }

    static NiftiHeader BuildHeader(int channels, int[] shape, ImageGeometry geometry, NiftiDataType dataType)
    {
        var h = new NiftiHeader
        {
            DataTypeCode = (short)dataType,
            VoxOffset = NiftiHeader.Nifti1DataOffset,
            SclSlope = 1,
            SclInter = 0,
            XyztUnits = 2, // nifti1.h NIFTI_UNITS_MM
            Description = Description,
        };
        long[] dim = [channels > 1 ? 4 : 3, shape[2], shape[1], shape[0], channels, 1, 1, 1];
        dim.CopyTo(h.Dim, 0);
        for (int i = 4; i < 8; i++) h.PixDim[i] = 1;
        NiftiTransform.Apply(geometry, h);
        return h;
    }

    static void CheckGeometry(string path, ImageGeometry g)
    {
        string? problem =
            g.Spacing is not { Length: 3 } || g.Origin is not { Length: 3 } || g.Direction is not { Length: 9 } ? "spacing, origin and direction must have 3, 3 and 9 values"
            : g.Spacing.Any(v => !double.IsFinite(v) || v <= 0) ? $"spacing ({string.Join(", ", g.Spacing)}) must be finite and positive"
            : g.Origin.Any(v => !double.IsFinite(v)) ? $"origin ({string.Join(", ", g.Origin)}) must be finite"
            : g.Direction.Any(v => !double.IsFinite(v)) || Math.Abs(Determinant(g.Direction)) < 1e-6 ? "direction must be a finite, non-singular 3x3 matrix"
            : null;
        if (problem != null) throw new ArgumentException($"{path}: cannot write geometry: {problem}", "geometry");
    }

    static double Determinant(double[] m) =>
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

    static void WriteVoxels(Stream output, Image image, NiftiDataType type, string path)
    {
        if (type == NiftiDataType.Float32 && BitConverter.IsLittleEndian)
        {
            output.Write(MemoryMarshal.AsBytes(image.Data.AsSpan()));
            return;
        }
        int bpv = NiftiDataTypes.BytesPerVoxel(type);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkVoxels * bpv);
        try
        {
            var data = image.Data;
            for (int start = 0; start < data.Length; start += ChunkVoxels)
            {
                int count = Math.Min(ChunkVoxels, data.Length - start);
                var bytes = buffer.AsSpan(0, count * bpv);
                int bad = NiftiVoxels.Encode(data.AsSpan(start, count), bytes, type);
                if (bad >= 0) throw Unstorable(path, image, start + bad, type);
                if (!BitConverter.IsLittleEndian) NiftiVoxels.ReverseByteOrder(bytes, bpv);
                output.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static InvalidInputException Unstorable(string path, Image image, long index, NiftiDataType type)
    {
        int x = image.Shape[2], y = image.Shape[1], z = image.Shape[0];
        string voxel = $"(c={index / ((long)x * y * z)}, z={index / ((long)x * y) % z}, y={index / x % y}, x={index % x})";
        float value = image.Data[index];
        var (min, max) = NiftiDataTypes.Range(type);
        string why = float.IsNaN(value) ? "NaN has no integer value" : $"it is outside {min:R}..{max:R}";
        return new InvalidInputException(
            $"{path}: cannot store voxel {voxel} value {value:R} as {NiftiDataTypes.Name(type)}: {why}");
    }
}
