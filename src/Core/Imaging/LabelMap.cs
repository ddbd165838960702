using System.Runtime.InteropServices;

namespace NnUNet.Core.Imaging;

/// <summary>
/// A segmentation (z, y, x) with its geometry, stored compactly: uint8 voxels, or uint16 when a label exceeds 255.
/// This is what an export writes; it is a quarter (or half) of a float32 <see cref="Image"/>, which matters for
/// full-resolution CT volumes.
/// </summary>
public sealed class LabelMap
{
    /// <summary>Creates an all-background map able to hold labels up to <paramref name="largestLabel"/>.</summary>
    public LabelMap(int[] shape, ImageGeometry geometry, int largestLabel)
    {
        if (shape is not { Length: 3 } || shape.Any(s => s < 1)) throw new ArgumentException("Shape must be three positive sizes (z, y, x).", nameof(shape));
        if (largestLabel is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(largestLabel), largestLabel, "Labels must be in 0..65535.");
        Shape = (int[])shape.Clone();
        Geometry = geometry;
        DataType = largestLabel <= byte.MaxValue ? NiftiDataType.UInt8 : NiftiDataType.UInt16;
        Bytes = new byte[checked((int)(VoxelCount * BytesPerVoxel))];
    }

    /// <summary>Spatial shape (z, y, x).</summary>
    public int[] Shape { get; }

    public ImageGeometry Geometry { get; }

    /// <summary><see cref="NiftiDataType.UInt8"/> or <see cref="NiftiDataType.UInt16"/>.</summary>
    public NiftiDataType DataType { get; }

    public int BytesPerVoxel => DataType == NiftiDataType.UInt8 ? 1 : 2;

    public long VoxelCount => (long)Shape[0] * Shape[1] * Shape[2];

    /// <summary>The voxels in C order (x fastest), host byte order.</summary>
    public byte[] Bytes { get; }

    /// <summary>The voxels as <typeparamref name="T"/>: byte for uint8 maps, ushort for uint16 maps.</summary>
    public Span<T> Voxels<T>() where T : unmanaged
    {
        if (Marshal.SizeOf<T>() != BytesPerVoxel)
            throw new InvalidOperationException($"A {DataType} label map has {BytesPerVoxel}-byte voxels, not {typeof(T).Name}.");
        return MemoryMarshal.Cast<byte, T>(Bytes.AsSpan());
    }

    /// <summary>The label at a C-order voxel index.</summary>
    public int this[long index]
    {
        get => DataType == NiftiDataType.UInt8 ? Bytes[index] : Voxels<ushort>()[checked((int)index)];
        set
        {
            if (DataType == NiftiDataType.UInt8) Bytes[index] = checked((byte)value);
            else Voxels<ushort>()[checked((int)index)] = checked((ushort)value);
        }
    }

    /// <summary>A float32 single-channel image with the same voxels and geometry.</summary>
    public Image ToImage()
    {
        var data = new float[VoxelCount];
        if (DataType == NiftiDataType.UInt8)
            for (int i = 0; i < data.Length; i++) data[i] = Bytes[i];
        else
        {
            var words = Voxels<ushort>();
            for (int i = 0; i < data.Length; i++) data[i] = words[i];
        }
        return new Image(data, 1, (int[])Shape.Clone(), Geometry);
    }
}
