using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Conversion;

/// <summary>
/// A decoded source file (PNG, TIFF): its samples as float32 in engine order (channel, z, y, x), before it is
/// placed in physical space. Integer samples up to 24 bits are exact in float32.
/// </summary>
public sealed class SourceImage
{
    public SourceImage(string path, float[] data, int channels, int[] shape, SourceSampleType sampleType)
    {
        if (shape.Length != 3) throw new ArgumentException("Shape must be (z, y, x).", nameof(shape));
        if (data.LongLength != (long)channels * shape[0] * shape[1] * shape[2])
            throw new ArgumentException($"{data.LongLength} samples do not fill {channels} x {string.Join(" x ", shape)}.", nameof(data));
        Path = path;
        Data = data;
        Channels = channels;
        Shape = shape;
        SampleType = sampleType;
    }

    /// <summary>The file it was read from (named in every error about it).</summary>
    public string Path { get; }

    /// <summary>Samples, index ((c * Z + z) * Y + y) * X + x.</summary>
    public float[] Data { get; }

    public int Channels { get; }

    /// <summary>(z, y, x); z = 1 for a 2D image.</summary>
    public int[] Shape { get; }

    public SourceSampleType SampleType { get; }

    public int VoxelsPerChannel => Shape[0] * Shape[1] * Shape[2];

    /// <summary>The samples of one channel (a view).</summary>
    public ReadOnlySpan<float> Channel(int c) => Data.AsSpan(c * VoxelsPerChannel, VoxelsPerChannel);

    /// <summary>The shape as "z x y x x", for messages.</summary>
    public string DescribeShape() => string.Join(" x ", Shape);

    /// <summary>The image placed with <paramref name="geometry"/> (shares the samples, no copy).</summary>
    public Image ToImage(ImageGeometry geometry) => new(Data, Channels, Shape, geometry);

    /// <summary>
    /// The NIfTI type that stores these samples exactly and compactly: the same integer type for 8- and 16-bit
    /// integers, float32 otherwise (32-bit integers are float32 in memory already; nnU-Net reads every type as float).
    /// </summary>
    public NiftiDataType StorageType => SampleType switch
    {
        SourceSampleType.UInt8 => NiftiDataType.UInt8,
        SourceSampleType.Int8 => NiftiDataType.Int8,
        SourceSampleType.UInt16 => NiftiDataType.UInt16,
        SourceSampleType.Int16 => NiftiDataType.Int16,
        _ => NiftiDataType.Float32,
    };

    /// <summary>Throws naming the file and the pixel when a sample is NaN or infinite (only float files can hold one).</summary>
    public void EnsureFinite()
    {
        if (SampleType != SourceSampleType.Float32) return;
        for (int i = 0; i < Data.Length; i++)
            if (!float.IsFinite(Data[i]))
                throw new InvalidInputException(
                    $"{Path}: {Data[i].ToString(CultureInfo.InvariantCulture)} at {DescribePixel(i % VoxelsPerChannel)}{(Channels > 1 ? $" of channel {i / VoxelsPerChannel}" : "")}; images must hold finite values");
    }

    /// <summary>"pixel (z=.., y=.., x=..)" of an index within one channel; z is left out for a 2D image.</summary>
    public string DescribePixel(int voxelIndex)
    {
        int x = voxelIndex % Shape[2], y = voxelIndex / Shape[2] % Shape[1], z = voxelIndex / (Shape[2] * Shape[1]);
        return Shape[0] > 1 ? $"pixel (z={z}, y={y}, x={x})" : $"pixel (y={y}, x={x})";
    }
}
