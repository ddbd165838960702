using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Evaluation;

/// <summary>Reads and writes the label-map NIfTI files that evaluation and postprocessing work on.</summary>
public static class LabelMapFile
{
    /// <summary>
    /// Reads a label map: one channel of whole numbers. A file stored as floats (or scaled) is checked voxel by
    /// voxel; a NaN or fractional value is an <see cref="InvalidInputException"/> naming the file and the voxel.
    /// </summary>
    public static Image Read(string path) => Read(path, out _);

    /// <inheritdoc cref="Read(string)"/>
    /// <param name="dataType">The stored datatype, so a rewritten map keeps it.</param>
    public static Image Read(string path, out NiftiDataType dataType)
    {
        NiftiHeaderInfo header = NiftiReader.ReadHeader(path);
        Image image = NiftiReader.Read(path);
        dataType = header.DataType;
        if (image.Channels != 1)
            throw new InvalidInputException($"{path}: a label map has one channel, this file has {image.Channels}.");
        bool wholeByType = NiftiDataTypes.IsInteger(header.DataType) && header.ScaleSlope == Math.Floor(header.ScaleSlope)
                           && header.ScaleIntercept == Math.Floor(header.ScaleIntercept);
        if (!wholeByType)
        {
            float[] data = image.Data;
            for (int i = 0; i < data.Length; i++)
            {
                if (!float.IsFinite(data[i]) || data[i] != MathF.Floor(data[i]))
                    throw new InvalidInputException(
                        $"{path}: voxel {Voxel(image.Shape, i)} holds {data[i].ToString(CultureInfo.InvariantCulture)}; a label map holds whole numbers.");
            }
        }
        return image;
    }

    /// <summary>Writes a label map atomically as <paramref name="dataType"/> (predictions are uint8, as in v1).</summary>
    public static void Write(string path, Image labels, NiftiDataType dataType = NiftiDataType.UInt8) =>
        NiftiWriter.Write(path, labels, dataType);

    /// <summary>Describes voxel <paramref name="index"/> of a (z, y, x) grid.</summary>
    internal static string Voxel(int[] shape, long index) =>
        $"(z={index / ((long)shape[1] * shape[2])}, y={index / shape[2] % shape[1]}, x={index % shape[2]})";
}
