using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// One case as read from a raw Task (v1 ImageCropper.load_case_from_list_of_files): the channel files stacked
/// as (c, z, y, x) float32, the label map when there is one, and the geometry of the first channel file.
/// </summary>
public sealed class RawCase
{
    public required string Id { get; init; }

    /// <summary>Voxels (c, z, y, x), C order.</summary>
    public required float[] Data { get; init; }

    public required int Channels { get; init; }

    /// <summary>Spatial shape (z, y, x) of every channel and of the label map.</summary>
    public required int[] Shape { get; init; }

    /// <summary>Spacing, origin and direction of the first channel file.</summary>
    public required ImageGeometry Geometry { get; init; }

    /// <summary>Label map (z, y, x), or null for a case without one (a test case).</summary>
    public float[]? Segmentation { get; init; }

    /// <summary>The channel files, in channel order.</summary>
    public required IReadOnlyList<string> ImageFiles { get; init; }

    /// <summary>The label file, or null.</summary>
    public string? LabelFile { get; init; }

    public long VoxelsPerChannel => (long)Shape[0] * Shape[1] * Shape[2];

    /// <summary>Reads a case of a dataset (training cases with their label, test cases without).</summary>
    public static RawCase Read(DatasetCase datasetCase) => Read(datasetCase.Id, datasetCase.Images, datasetCase.Label);

    /// <summary>
    /// Reads the channel files (one 3D image each, equal shapes) and the optional label file (same shape).
    /// Any unreadable file or mismatch is an <see cref="InvalidInputException"/> naming the file.
    /// </summary>
    public static RawCase Read(string id, IReadOnlyList<string> imageFiles, string? labelFile)
    {
        if (imageFiles.Count == 0) throw new InvalidInputException($"Case {id}: no image files.");
        Image first = ReadSingleChannel(imageFiles[0]);
        float[] data = first.Data;
        if (imageFiles.Count > 1)
        {
            long voxels = first.VoxelsPerChannel;
            if (voxels * imageFiles.Count > Array.MaxLength)
                throw new InvalidInputException($"{imageFiles[0]}: {imageFiles.Count} channels of {voxels} voxels exceed the largest array.");
            data = GC.AllocateUninitializedArray<float>((int)(voxels * imageFiles.Count));
            first.Data.CopyTo(data, 0);
            for (int c = 1; c < imageFiles.Count; c++)
            {
                Image channel = ReadSingleChannel(imageFiles[c]);
                CheckShape(imageFiles[c], channel.Shape, imageFiles[0], first.Shape);
                channel.Data.CopyTo(data, (int)(c * voxels));
            }
        }
        float[]? segmentation = null;
        if (labelFile != null)
        {
            Image label = ReadSingleChannel(labelFile);
            CheckShape(labelFile, label.Shape, imageFiles[0], first.Shape);
            segmentation = label.Data;
        }
        return new RawCase
        {
            Id = id,
            Data = data,
            Channels = imageFiles.Count,
            Shape = first.Shape,
            Geometry = first.Geometry,
            Segmentation = segmentation,
            ImageFiles = imageFiles,
            LabelFile = labelFile,
        };
    }

    static Image ReadSingleChannel(string path)
    {
        Image image = NiftiReader.Read(path);
        if (image.Channels != 1)
            throw new InvalidInputException($"{path}: holds {image.Channels} volumes; a raw Task has one 3D file per channel (CASE_0000, CASE_0001, ...).");
        return image;
    }

    static void CheckShape(string path, int[] shape, string reference, int[] referenceShape)
    {
        if (!shape.AsSpan().SequenceEqual(referenceShape))
            throw new InvalidInputException($"{path}: shape {string.Join("x", shape)} (z, y, x) differs from {string.Join("x", referenceShape)} of {reference}.");
    }
}
