using System.Text.Json.Nodes;

namespace NnUNet.Core.Datasets;

/// <summary>
/// The content of a raw dataset's dataset.json in one model for both forms (spec §1): channels by index,
/// labels int -> name, training and test cases with resolved file paths, the file ending and any other
/// metadata (kept and written back). Paths in dataset.json never leave the dataset folder.
/// </summary>
public sealed class DatasetDescription
{
    public const string FileName = "dataset.json";

    /// <summary>The only ending of v1 raw data (spec §1).</summary>
    public const string V1FileEnding = ".nii.gz";

    /// <summary>Absolute path of the dataset folder (the one holding dataset.json, imagesTr, labelsTr).</summary>
    public required string Folder { get; init; }

    /// <summary>The form the description was read from (V1 for descriptions built in code).</summary>
    public DatasetJsonFormat Format { get; init; } = DatasetJsonFormat.V1;

    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Reference { get; init; }
    public string? Licence { get; init; }
    public string? Release { get; init; }
    public string? TensorImageSize { get; init; }

    /// <summary>Channel (modality) names by channel index; they choose the normalization (spec §4.10).</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>Label value -> name, including 0 = background. For region-based v2 datasets only the background.</summary>
    public required IReadOnlyDictionary<int, string> Labels { get; init; }

    /// <summary>v2 regions in file order (every non-background entry once any entry lists more than one value); else empty.</summary>
    public IReadOnlyList<DatasetRegion> Regions { get; init; } = [];

    /// <summary>v2 regions_class_order, required when <see cref="Regions"/> is not empty.</summary>
    public IReadOnlyList<int>? RegionsClassOrder { get; init; }

    /// <summary>v2 ignore label value ("ignore" key), if any.</summary>
    public int? IgnoreLabel { get; init; }

    public required IReadOnlyList<DatasetCase> Training { get; init; }
    public IReadOnlyList<DatasetCase> Test { get; init; } = [];

    /// <summary>Ending of every image and label file (".nii.gz" in v1).</summary>
    public string FileEnding { get; init; } = V1FileEnding;

    /// <summary>numTraining as written in the file (null when absent).</summary>
    public int? DeclaredTrainingCount { get; init; }

    /// <summary>numTest as written in the file (null when absent).</summary>
    public int? DeclaredTestCount { get; init; }

    /// <summary>True for v2 files without a "dataset" key: the cases are the files found in imagesTr / imagesTs.</summary>
    public bool CasesDiscoveredFromFolder { get; init; }

    /// <summary>Every other key of dataset.json, in file order, written back unchanged.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Metadata { get; init; } = new OrderedDictionary<string, JsonNode?>();

    /// <summary>Path of dataset.json in <see cref="Folder"/>.</summary>
    public string JsonPath => Path.Combine(Folder, FileName);

    /// <summary>Every label value a label file may hold: the labels, all region values and the ignore label.</summary>
    public IReadOnlySet<int> ExpectedLabelValues
    {
        get
        {
            var values = new SortedSet<int>(Labels.Keys);
            foreach (DatasetRegion region in Regions) values.UnionWith(region.Labels);
            if (IgnoreLabel is int ignore) values.Add(ignore);
            return values;
        }
    }

    /// <summary>Reads &lt;folder&gt;/dataset.json (v1 or v2 form, detected from its keys).</summary>
    public static DatasetDescription Read(string datasetFolder) =>
        DatasetJsonReader.Read(Path.Combine(Path.GetFullPath(datasetFolder), FileName));

    /// <summary>Reads a dataset.json file; its folder is the dataset folder.</summary>
    public static DatasetDescription ReadFile(string jsonPath) => DatasetJsonReader.Read(Path.GetFullPath(jsonPath));

    /// <summary>
    /// Writes the v1 form atomically (what our converters produce); <paramref name="sortKeys"/> sorts keys at every
    /// level. Paths are written relative to <see cref="Folder"/>, wherever the file itself goes.
    /// </summary>
    public void WriteV1(string path, bool sortKeys = false) => DatasetJsonWriter.WriteV1(this, path, sortKeys);

    /// <summary>Writes the v2 form atomically; a "dataset" key is written only when the files do not follow the standard layout.</summary>
    public void WriteV2(string path) => DatasetJsonWriter.WriteV2(this, path);
}
