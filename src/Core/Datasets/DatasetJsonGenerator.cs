using System.Text.RegularExpressions;
using NnUNet.Abstractions;

namespace NnUNet.Core.Datasets;

/// <summary>
/// The v1 generate_dataset_json (spec §2) for converters: lists the cases found in imagesTr (and imagesTs)
/// and writes dataset.json in the v1 form, keys sorted by default, atomically.
/// </summary>
public static partial class DatasetJsonGenerator
{
    /// <summary>Defaults of nnU-Net v1's generate_dataset_json.</summary>
    public const string DefaultLicence = "hands off!";
    public const string DefaultRelease = "0.0";
    const string TensorImageSize = "4D";

    // Channel files end in "_XXXX.nii.gz"; the case id is the file name without those 12 characters (spec §2).
    const int ChannelSuffixLength = 12;

    [GeneratedRegex(@"_\d{4}\.nii\.gz$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelSuffix();

    /// <summary>
    /// Writes <paramref name="outputFile"/> (normally &lt;task&gt;/dataset.json) listing every case of
    /// <paramref name="imagesTrFolder"/> as ./imagesTr/CASE.nii.gz + ./labelsTr/CASE.nii.gz and every case of
    /// <paramref name="imagesTsFolder"/> as ./imagesTs/CASE.nii.gz. Returns the description written.
    /// </summary>
    public static DatasetDescription Generate(
        string outputFile,
        string imagesTrFolder,
        string? imagesTsFolder,
        IReadOnlyList<string> modalities,
        IReadOnlyDictionary<int, string> labels,
        string datasetName,
        bool sortKeys = true,
        string licence = DefaultLicence,
        string description = "",
        string reference = "",
        string release = DefaultRelease)
    {
        string full = Path.GetFullPath(outputFile);
        string folder = Path.GetDirectoryName(full)!;
        if (modalities.Count == 0) throw new ArgumentException("At least one modality is needed.", nameof(modalities));

        DatasetCase Case(string id, string imagesFolder, bool withLabel) => new(
            id,
            Enumerable.Range(0, modalities.Count)
                .Select(c => Path.Combine(folder, imagesFolder, DatasetJsonReader.ChannelFileName(id, c, DatasetDescription.V1FileEnding)))
                .ToList(),
            withLabel ? Path.Combine(folder, "labelsTr", id + DatasetDescription.V1FileEnding) : null);

        var dataset = new DatasetDescription
        {
            Folder = folder,
            Name = datasetName,
            Description = description,
            TensorImageSize = TensorImageSize,
            Reference = reference,
            Licence = licence,
            Release = release,
            Channels = [.. modalities],
            Labels = new SortedDictionary<int, string>(labels.ToDictionary()),
            Training = CaseIds(imagesTrFolder).Select(id => Case(id, "imagesTr", withLabel: true)).ToList(),
            Test = imagesTsFolder == null ? [] : CaseIds(imagesTsFolder).Select(id => Case(id, "imagesTs", withLabel: false)).ToList(),
        };
        dataset.WriteV1(full, sortKeys);
        return dataset;
    }

    /// <summary>Unique case ids of a folder of CASE_XXXX.nii.gz files, sorted ordinally (numpy's unique).</summary>
    public static IReadOnlyList<string> CaseIds(string imagesFolder)
    {
        if (!Directory.Exists(imagesFolder)) throw new InvalidInputException($"{imagesFolder}: folder not found.");
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(imagesFolder, "*" + DatasetDescription.V1FileEnding))
        {
            string name = Path.GetFileName(path);
            if (!ChannelSuffix().IsMatch(name) || name.Length == ChannelSuffixLength)
                throw new InvalidInputException($"{path}: image files must be named CASE_XXXX.nii.gz (4-digit channel index).");
            ids.Add(name[..^ChannelSuffixLength]);
        }
        return [.. ids];
    }
}
