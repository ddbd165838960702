namespace NnUNet.Core.Imaging;

/// <summary>
/// A multi-channel 3D image in engine order (channel, z, y, x), stored contiguously as float32.
/// 2D images are pseudo-3D with z = 1. Label maps use the same type (their values are small integers,
/// exact in float32).
/// </summary>
public sealed class Image
{
    public Image(float[] data, int channels, int[] shape, ImageGeometry geometry)
    {
        if (shape.Length != 3) throw new ArgumentException("Shape must be (z, y, x).", nameof(shape));
        long expected = (long)channels * shape[0] * shape[1] * shape[2];
        if (data.LongLength != expected)
            throw new ArgumentException($"Data holds {data.LongLength} values but {channels} x {string.Join(" x ", shape)} needs {expected}.", nameof(data));
        Data = data;
        Channels = channels;
        Shape = shape;
        Geometry = geometry;
    }

    /// <summary>Voxel values, index ((c * Z + z) * Y + y) * X + x.</summary>
    public float[] Data { get; }

    /// <summary>Number of channels (modalities).</summary>
    public int Channels { get; }

    /// <summary>Spatial shape (z, y, x).</summary>
    public int[] Shape { get; }

    /// <summary>Physical placement of the voxel grid.</summary>
    public ImageGeometry Geometry { get; }

    /// <summary>Voxels per channel.</summary>
    public long VoxelsPerChannel => (long)Shape[0] * Shape[1] * Shape[2];

    /// <summary>The values of one channel (a view, no copy).</summary>
    public Span<float> Channel(int c) => Data.AsSpan(checked((int)(c * VoxelsPerChannel)), checked((int)VoxelsPerChannel));
}
