using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using NnUNet.Abstractions;

namespace NnUNet.Core.Imaging;

/// <summary>Reads NIfTI-1/NIfTI-2 files (.nii, .nii.gz) into engine order.</summary>
/// <remarks>
/// NIfTI stores voxels x fastest, then y, z and the 4th (and higher) dimension, which is exactly the engine's
/// (channel, z, y, x) C order: reading is one contiguous conversion, no axis shuffling. Compression is detected from
/// the content (gzip magic), not the file name. Every problem is an <see cref="InvalidInputException"/> whose one-line
/// message starts with the file path.
/// </remarks>
public static class NiftiReader
{
    /// <summary>Largest voxel payload we accept (16 GiB); a header beyond it is corrupt or not for this machine.</summary>
    const long MaxVoxelDataBytes = 1L << 34;
    /// <summary>Deflate cannot expand data more than 1032-fold, so a .nii.gz of n bytes holds at most ~1032 n.</summary>
    const long DeflateMaxExpansion = 1032;
    /// <summary>Bytes converted per step when the stored type is not float32.</summary>
    const int ChunkBytes = 1 << 22;
    const int FileBufferBytes = 1 << 16;

    /// <summary>
    /// Reads an image. 4D files become channels; 2D files become z = 1. scl_slope/scl_inter are applied.
    /// Throws <see cref="NnUNet.Abstractions.InvalidInputException"/> naming the file for any bad file.
    /// </summary>
    public static Image Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Guard(path, () =>
        {
            using var file = OpenFile(path);
            using var stream = OpenContent(file, out bool gzip);
            var layout = ReadLayout(stream, file.Length, gzip, path);
            var info = layout.Info;
            Skip(stream, layout.DataOffset - layout.Header.HeaderSize, layout, path);

            // Every element is overwritten (or the read fails), so skip zeroing the large array.
            var data = GC.AllocateUninitializedArray<float>(checked((int)(info.Channels * info.VoxelsPerChannel)));
            ReadVoxels(stream, data, layout, path);
            // A longer stream means the dims do not describe the data (plain files were checked by length already).
            if (gzip && stream.Read(new byte[1]) > 0)
                throw Fail(path, $"the data holds more than the {layout.DataBytes} bytes that {layout.Described} describe");
            return new Image(data, info.Channels, info.Shape, info.Geometry);
        });
    }

    /// <summary>
    /// Reads only the header (for a .nii.gz, inflates only its first bytes): shape, channels, datatype, geometry.
    /// Checks everything the header alone can prove (magic, sizes, dims, datatype, transforms; for an uncompressed
    /// file also that its length matches the dims), but not the compressed voxel data.
    /// </summary>
    public static NiftiHeaderInfo ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Guard(path, () =>
        {
            using var file = OpenFile(path);
            using var stream = OpenContent(file, out bool gzip);
            return ReadLayout(stream, file.Length, gzip, path).Info;
        });
    }

    /// <summary>Where the voxels are and what the header says; private to the reader.</summary>
    sealed record Layout(NiftiHeader Header, NiftiHeaderInfo Info, long DataOffset, long DataBytes, int BytesPerVoxel, bool Gzip, string Described);

    static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e) // zlib: bad deflate data or gzip checksum
        {
            throw Fail(path, $"corrupt gzip data ({e.Message})");
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw Fail(path, $"cannot read the file ({e.Message})");
        }
        catch (UnauthorizedAccessException e)
        {
            throw Fail(path, $"cannot read the file ({e.Message})");
        }
    }

    static InvalidInputException Fail(string path, string problem) => new($"{path}: {problem}");

    static FileStream OpenFile(string path)
    {
        if (!File.Exists(path)) throw Fail(path, "NIfTI file not found");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferBytes, FileOptions.SequentialScan);
    }

    /// <summary>The file itself, or a gunzipping view of it when it starts with the gzip magic 1f 8b.</summary>
    static Stream OpenContent(FileStream file, out bool gzip)
    {
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file; // disposing the file twice is harmless
    }

    static Layout ReadLayout(Stream stream, long fileLength, bool gzip, string path)
    {
        var bytes = new byte[NiftiHeader.Nifti2Size];
        int got = ReadFull(stream, bytes.AsSpan(0, 4));
        if (got < 4) throw Fail(path, $"not a NIfTI file: only {got} bytes{(gzip ? " after decompression" : "")}");
        var kind = NiftiHeader.Identify(bytes);
        if (kind is not var (version, bigEndian))
            throw Fail(path, $"not a NIfTI file: header size field is {BitConverter.ToInt32(bytes, 0)}, expected 348 (NIfTI-1) or 540 (NIfTI-2)");
        int size = version == 1 ? NiftiHeader.Nifti1Size : NiftiHeader.Nifti2Size;
        got = 4 + ReadFull(stream, bytes.AsSpan(4, size - 4));
        if (got < size) throw Fail(path, $"truncated: the NIfTI-{version} header needs {size} bytes, the file has {got}");
        var header = NiftiHeader.Parse(bytes.AsSpan(0, size), version, bigEndian, p => Fail(path, p));
        return Check(header, fileLength, gzip, path);
    }

    /// <summary>Validates dims, datatype, offset and sizes before anything large is allocated.</summary>
    static Layout Check(NiftiHeader h, long fileLength, bool gzip, string path)
    {
        long dim0 = h.Dim[0];
        if (dim0 is < 1 or > 7) throw Fail(path, $"dim[0] = {dim0} is not a dimension count (1..7)");
        var dims = new long[8];
        for (int i = 1; i <= 7; i++)
        {
            dims[i] = i <= dim0 ? h.Dim[i] : 1;
            if (dims[i] < 1) throw Fail(path, $"dim[{i}] = {dims[i]}, every dimension must be at least 1");
        }
        var type = (NiftiDataType)h.DataTypeCode;
        int bpv = NiftiDataTypes.BytesPerVoxel(type);
        if (bpv == 0)
            throw Fail(path, $"unsupported datatype {NiftiDataTypes.Name(h.DataTypeCode)} (code {h.DataTypeCode}); " +
                             "supported: uint8, int8, int16, uint16, int32, uint32, int64, float32, float64");
        // Product in double first: a corrupt header must not overflow or allocate.
        double voxels = 1;
        for (int i = 1; i <= 7; i++) voxels *= dims[i];
        string dimText = string.Join(" x ", dims.Skip(1).Take((int)dim0));
        if (voxels > Array.MaxLength || voxels * bpv > MaxVoxelDataBytes)
            throw Fail(path, $"dims {dimText} ({voxels:G3} voxels of {NiftiDataTypes.Name(type)}) are beyond the " +
                             $"{MaxVoxelDataBytes >> 30} GiB / {Array.MaxLength} voxel limit; the header is corrupt");
        long dataBytes = (long)voxels * bpv;

        double offset = h.VoxOffset;
        if (!double.IsFinite(offset) || offset < 0 || offset != Math.Floor(offset) || offset > long.MaxValue / 2)
            throw Fail(path, $"vox_offset {offset} is not a byte position");
        long dataOffset = offset == 0 ? h.MinimumDataOffset : (long)offset; // 0: old writers, data follows the header
        if (dataOffset < h.HeaderSize) throw Fail(path, $"vox_offset {dataOffset} points inside the {h.HeaderSize}-byte header");

        string described = $"dims {dimText} of {NiftiDataTypes.Name(type)}";
        if (!gzip)
        {
            long available = fileLength - dataOffset;
            if (available < dataBytes)
                throw Fail(path, $"truncated: {described} need {dataBytes} bytes of voxel data from offset {dataOffset}, " +
                                 $"the file holds {Math.Max(0, available)}");
            if (available > dataBytes)
                throw Fail(path, $"the file holds {available} bytes of voxel data but {described} need {dataBytes}");
        }
        else if (dataOffset + dataBytes > fileLength * DeflateMaxExpansion + 1024)
            throw Fail(path, $"{described} need {dataBytes} bytes, more than a {fileLength}-byte gzip file can hold " +
                             "(corrupt dims or truncated file)");

        int spatial = (int)Math.Min(dim0, 3);
        var geometry = NiftiTransform.ToGeometry(h, spatial, p => Fail(path, p));
        var (slope, inter) = Scaling(h);
        int channels = (int)(dims[4] * dims[5] * dims[6] * dims[7]);
        var info = new NiftiHeaderInfo(path, h.Version, spatial, [(int)dims[3], (int)dims[2], (int)dims[1]], channels,
            type, geometry, slope, inter);
        return new Layout(h, info, dataOffset, dataBytes, bpv, gzip, described);
    }

    /// <summary>nifti1.h: scl_slope 0 means unscaled; non-finite values are treated as absent (as nibabel does).</summary>
    static (double Slope, double Inter) Scaling(NiftiHeader h)
    {
        if (h.SclSlope == 0 || !double.IsFinite(h.SclSlope)) return (1, 0);
        return (h.SclSlope, double.IsFinite(h.SclInter) ? h.SclInter : 0);
    }

    static void Skip(Stream stream, long count, Layout layout, string path)
    {
        if (count <= 0) return;
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        for (long left = count; left > 0;)
        {
            int n = ReadFull(stream, buffer.AsSpan(0, (int)Math.Min(left, buffer.Length)));
            if (n == 0) throw Fail(path, $"truncated: the file ends before the voxel data at offset {layout.DataOffset}");
            left -= n;
        }
    }

    static void ReadVoxels(Stream stream, float[] data, Layout layout, string path)
    {
        var type = layout.Info.DataType;
        bool swap = layout.Header.BigEndian == BitConverter.IsLittleEndian;
        double slope = layout.Info.ScaleSlope, inter = layout.Info.ScaleIntercept;
        if (type == NiftiDataType.Float32)
        {
            // Inflate straight into the result: no intermediate buffer.
            var bytes = MemoryMarshal.AsBytes(data.AsSpan());
            int got = ReadFull(stream, bytes);
            if (got < bytes.Length) throw Truncated(path, layout, got);
            if (swap) NiftiVoxels.ReverseByteOrder(bytes, 4);
            if (slope != 1 || inter != 0) NiftiVoxels.Scale(data, slope, inter);
            return;
        }
        int bpv = layout.BytesPerVoxel;
        int chunkVoxels = ChunkBytes / bpv;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, layout.DataBytes));
        try
        {
            for (long done = 0; done < data.LongLength; done += chunkVoxels)
            {
                int count = (int)Math.Min(chunkVoxels, data.LongLength - done);
                var chunk = buffer.AsSpan(0, count * bpv);
                int got = ReadFull(stream, chunk);
                if (got < chunk.Length) throw Truncated(path, layout, done * bpv + got);
                if (swap) NiftiVoxels.ReverseByteOrder(chunk, bpv);
                NiftiVoxels.Decode(chunk, data.AsSpan((int)done, count), type, slope, inter);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static InvalidInputException Truncated(string path, Layout layout, long got) =>
        Fail(path, $"truncated: the {(layout.Gzip ? "gzip stream" : "file")} ends after {got} of the {layout.DataBytes} " +
                   $"bytes of voxel data that {layout.Described} need");

    /// <summary>Reads until the span is full or the stream ends; returns the bytes read.</summary>
    static int ReadFull(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
