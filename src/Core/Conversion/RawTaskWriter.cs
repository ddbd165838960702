using System.Collections.Concurrent;
using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Writes converted cases into a v1 raw Task folder (spec §1): images as <c>imagesTr/CASE_0000.nii.gz</c> (one file
/// per channel), labels as <c>labelsTr/CASE.nii.gz</c>, test cases into imagesTs (and labelsTs), and finally
/// dataset.json through <see cref="DatasetJsonGenerator"/>. Safe to call from several threads, one case per thread.
/// Case ids are registered first, so two sources that would write the same files are an error, never an overwrite.
/// </summary>
public sealed class RawTaskWriter
{
    public const string ImagesTr = "imagesTr", LabelsTr = "labelsTr", ImagesTs = "imagesTs", LabelsTs = "labelsTs";

    readonly ConcurrentDictionary<(CaseSet, string), string> registered = new();

    /// <summary>Writes into <paramref name="taskDirectory"/> (normally <see cref="ConversionRequest.TaskDirectory"/>).</summary>
    public RawTaskWriter(string taskDirectory)
    {
        TaskDirectory = Path.GetFullPath(taskDirectory);
        Directory.CreateDirectory(Path.Combine(TaskDirectory, ImagesTr));
        Directory.CreateDirectory(Path.Combine(TaskDirectory, LabelsTr));
    }

    public string TaskDirectory { get; }

    /// <summary>The image file of one channel: <c>CASE_0000.nii.gz</c> (4-digit channel index).</summary>
    public static string ChannelFileName(string caseId, int channel) =>
        $"{caseId}_{channel.ToString("D4", CultureInfo.InvariantCulture)}{DatasetDescription.V1FileEnding}";

    public string ImagePath(CaseSet set, string caseId, int channel) =>
        Path.Combine(TaskDirectory, set == CaseSet.Training ? ImagesTr : ImagesTs, ChannelFileName(caseId, channel));

    public string LabelPath(CaseSet set, string caseId) =>
        Path.Combine(TaskDirectory, set == CaseSet.Training ? LabelsTr : LabelsTs, caseId + DatasetDescription.V1FileEnding);

    /// <summary>
    /// Reserves <paramref name="caseId"/> for <paramref name="source"/> (a file or folder, for messages). Throws when the
    /// id is not usable as a file name or another source has it already.
    /// </summary>
    public void Register(CaseSet set, string caseId, string source)
    {
        if (caseId.Length == 0 || caseId.StartsWith('.') || caseId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || caseId.Contains('/') || caseId.Contains('\\') || caseId.Any(char.IsControl))
            throw new InvalidInputException($"{source}: '{caseId}' cannot be a case id (it must be a plain file name)");
        string existing = registered.GetOrAdd((set, caseId), source);
        if (existing != source)
            throw new InvalidInputException(
                $"{source}: case id '{caseId}' is already used by {existing}; two {(set == CaseSet.Training ? "training" : "test")} cases would write the same files");
    }

    /// <summary>Writes every channel of <paramref name="image"/> as its own file.</summary>
    public void WriteImage(CaseSet set, string caseId, Image image, NiftiDataType dataType)
    {
        for (int c = 0; c < image.Channels; c++)
        {
            Image channel = image.Channels == 1 ? image : new Image(image.Channel(c).ToArray(), 1, image.Shape, image.Geometry);
            WriteChannel(set, caseId, c, channel, dataType);
        }
    }

    /// <summary>Writes one single-channel image as channel <paramref name="channel"/> of the case.</summary>
    public void WriteChannel(CaseSet set, string caseId, int channel, Image image, NiftiDataType dataType)
    {
        if (image.Channels != 1) throw new ArgumentException("A channel file holds one channel.", nameof(image));
        string path = ImagePath(set, caseId, channel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        NiftiWriter.Write(path, image, dataType);
    }

    /// <summary>Writes the label map as uint8, or uint16 when a value exceeds 255.</summary>
    public void WriteLabel(CaseSet set, string caseId, Image label)
    {
        if (label.Channels != 1) throw new ArgumentException("A label map has one channel.", nameof(label));
        string path = LabelPath(set, caseId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        float max = label.Data.Length == 0 ? 0 : label.Data.Max();
        NiftiWriter.Write(path, label, max > byte.MaxValue ? NiftiDataType.UInt16 : NiftiDataType.UInt8);
    }

    /// <summary>
    /// Writes dataset.json (v1 form, keys sorted) listing the cases found in imagesTr and imagesTs. The name is the
    /// Task folder name the host will give the folder.
    /// </summary>
    public DatasetDescription WriteDatasetJson(
        ConversionRequest request,
        IReadOnlyList<string> modalities,
        LabelSet labels,
        string description = "",
        string reference = "",
        string licence = DatasetJsonGenerator.DefaultLicence,
        string release = DatasetJsonGenerator.DefaultRelease)
    {
        string imagesTs = Path.Combine(TaskDirectory, ImagesTs);
        return DatasetJsonGenerator.Generate(
            Path.Combine(TaskDirectory, DatasetDescription.FileName),
            Path.Combine(TaskDirectory, ImagesTr),
            Directory.Exists(imagesTs) ? imagesTs : null,
            modalities,
            labels.Names,
            TaskLocator.TaskName(request.TaskId, request.TaskName),
            licence: licence,
            description: description,
            reference: reference,
            release: release);
    }
}
