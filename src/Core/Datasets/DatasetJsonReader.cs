using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NnUNet.Abstractions;

namespace NnUNet.Core.Datasets;

/// <summary>Parses dataset.json in either form into a <see cref="DatasetDescription"/> (spec §1).</summary>
internal static partial class DatasetJsonReader
{
    // Channel files are CASE_XXXX<ending>: 4-digit channel index (spec §1).
    const int ChannelDigits = 4;

    static readonly string[] MetadataKeys = ["name", "description", "reference", "licence", "release", "tensorImageSize"];
    static readonly string[] V1Keys = [.. MetadataKeys, "modality", "labels", "numTraining", "numTest", "training", "test", "file_ending"];
    static readonly string[] V2Keys = [.. MetadataKeys, "channel_names", "labels", "numTraining", "file_ending", "regions_class_order", "dataset"];
    static readonly string[] V2RequiredKeys = ["channel_names", "labels", "numTraining", "file_ending"];

    static readonly JsonDocumentOptions ParseOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    [GeneratedRegex(@"^(?<id>.+)_(?<channel>\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelFilePattern();

    public static DatasetDescription Read(string jsonPath)
    {
        if (!File.Exists(jsonPath))
            throw new InvalidInputException($"{jsonPath}: file not found; every raw dataset folder needs a {DatasetDescription.FileName}.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(jsonPath), ParseOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{jsonPath}: not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            var file = new JsonFile(jsonPath, document.RootElement);
            if (file.Has("channel_names")) return ReadV2(file);
            if (file.Has("modality")) return ReadV1(file);
            throw file.Error("has neither 'modality' (v1 form) nor 'channel_names' (v2 form).");
        }
    }

    static DatasetDescription ReadV1(JsonFile file)
    {
        string ending = file.Has("file_ending") ? file.String("file_ending") : DatasetDescription.V1FileEnding;
        List<string> channels = ReadChannels(file, "modality");

        var labels = new SortedDictionary<int, string>();
        foreach (JsonProperty label in file.Object("labels").EnumerateObject())
        {
            int value = ParseIntKey(file, label.Name, "labels");
            if (label.Value.ValueKind != JsonValueKind.String) throw file.Error($"labels['{label.Name}'] must be a name (string).");
            if (!labels.TryAdd(value, label.Value.GetString()!)) throw file.Error($"labels lists value {value} twice.");
        }

        var training = new List<DatasetCase>();
        int index = 0;
        foreach (JsonElement entry in file.Array("training"))
        {
            string where = $"training[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object) throw file.Error($"{where} must be an object with 'image' and 'label'.");
            string image = file.StringProperty(entry, "image", where);
            string label = file.StringProperty(entry, "label", where);
            training.Add(V1Case(file, image, where + ".image", ending, channels.Count,
                file.Resolve(label, where + ".label")));
        }

        var test = new List<DatasetCase>();
        index = 0;
        if (file.Has("test"))
        {
            foreach (JsonElement entry in file.Array("test"))
            {
                string where = $"test[{index++}]";
                string image = entry.ValueKind == JsonValueKind.Object ? file.StringProperty(entry, "image", where)
                    : entry.ValueKind == JsonValueKind.String ? entry.GetString()!
                    : throw file.Error($"{where} must be a path like ./imagesTs/CASE{ending}.");
                test.Add(V1Case(file, image, where, ending, channels.Count, label: null));
            }
        }

        return new DatasetDescription
        {
            Folder = file.Folder,
            Format = DatasetJsonFormat.V1,
            Channels = channels,
            Labels = labels,
            Training = training,
            Test = test,
            FileEnding = ending,
            DeclaredTrainingCount = file.OptionalInt("numTraining"),
            DeclaredTestCount = file.OptionalInt("numTest"),
            Name = file.MetadataString("name"),
            Description = file.MetadataString("description"),
            Reference = file.MetadataString("reference"),
            Licence = file.MetadataString("licence"),
            Release = file.MetadataString("release"),
            TensorImageSize = file.MetadataString("tensorImageSize"),
            Metadata = file.Remaining(V1Keys),
        };
    }

    // v1 lists "./imagesTr/CASE.nii.gz"; the channel files are CASE_0000.nii.gz ... beside it.
    static DatasetCase V1Case(JsonFile file, string image, string where, string ending, int channels, string? label)
    {
        string path = file.Resolve(image, where);
        string name = Path.GetFileName(path);
        if (!name.EndsWith(ending, StringComparison.Ordinal) || name.Length == ending.Length)
            throw file.Error($"{where} '{image}' must name a case as CASE{ending} (without the channel suffix).");
        string id = name[..^ending.Length];
        string dir = Path.GetDirectoryName(path)!;
        var images = Enumerable.Range(0, channels).Select(c => Path.Combine(dir, ChannelFileName(id, c, ending))).ToList();
        return new DatasetCase(id, images, label);
    }

    static DatasetDescription ReadV2(JsonFile file)
    {
        string[] missing = V2RequiredKeys.Where(k => !file.Has(k)).ToArray();
        if (missing.Length > 0) throw file.Error($"misses the required key(s) {string.Join(", ", missing)} of the v2 form.");
        string ending = file.String("file_ending");
        List<string> channels = ReadChannels(file, "channel_names");

        var entries = new List<(string Name, int[] Values)>();
        int? ignore = null;
        foreach (JsonProperty label in file.Object("labels").EnumerateObject())
        {
            int[] values = label.Value.ValueKind switch
            {
                JsonValueKind.Number => [file.Int(label.Value, $"labels['{label.Name}']")],
                JsonValueKind.Array => label.Value.EnumerateArray().Select(v => file.Int(v, $"labels['{label.Name}']")).ToArray(),
                _ => throw file.Error($"labels['{label.Name}'] must be an integer or a list of integers."),
            };
            if (label.Name == "ignore")
            {
                if (values.Length != 1) throw file.Error("labels['ignore'] must be a single integer.");
                ignore = values[0];
            }
            else entries.Add((label.Name, values));
        }

        bool regionBased = entries.Any(e => e.Values.Length > 1);
        var labels = new SortedDictionary<int, string>();
        var regions = new List<DatasetRegion>();
        foreach ((string name, int[] values) in entries)
        {
            if (regionBased && !(values.Length == 1 && values[0] == 0))
            {
                regions.Add(new DatasetRegion(name, values));
                continue;
            }
            if (values.Length != 1) throw file.Error($"labels['{name}'] must be one integer.");
            if (!labels.TryAdd(values[0], name)) throw file.Error($"labels '{labels[values[0]]}' and '{name}' both have the value {values[0]}.");
        }

        List<int>? classOrder = null;
        if (file.Has("regions_class_order"))
            classOrder = file.Array("regions_class_order").Select(v => file.Int(v, "regions_class_order")).ToList();

        List<DatasetCase> training, test;
        bool discovered = !file.Has("dataset");
        if (discovered)
        {
            training = DiscoverCases(file.Folder, "imagesTr", ending, withLabels: true);
            test = DiscoverCases(file.Folder, "imagesTs", ending, withLabels: false);
        }
        else
        {
            training = [];
            foreach (JsonProperty entry in file.Object("dataset").EnumerateObject())
            {
                string where = $"dataset['{entry.Name}']";
                if (entry.Value.ValueKind != JsonValueKind.Object) throw file.Error($"{where} must be an object with 'images' and 'label'.");
                if (!entry.Value.TryGetProperty("images", out JsonElement images) || images.ValueKind != JsonValueKind.Array)
                    throw file.Error($"{where}.images must be a list of paths.");
                var imagePaths = images.EnumerateArray().Select((p, i) => file.Resolve(
                    p.ValueKind == JsonValueKind.String ? p.GetString()! : throw file.Error($"{where}.images[{i}] must be a path."),
                    $"{where}.images[{i}]")).ToList();
                string label = file.Resolve(file.StringProperty(entry.Value, "label", where), where + ".label");
                training.Add(new DatasetCase(entry.Name, imagePaths, label));
            }
            test = [];
        }

        return new DatasetDescription
        {
            Folder = file.Folder,
            Format = DatasetJsonFormat.V2,
            Channels = channels,
            Labels = labels,
            Regions = regions,
            RegionsClassOrder = classOrder,
            IgnoreLabel = ignore,
            Training = training,
            Test = test,
            FileEnding = ending,
            DeclaredTrainingCount = file.OptionalInt("numTraining"),
            CasesDiscoveredFromFolder = discovered,
            Name = file.MetadataString("name"),
            Description = file.MetadataString("description"),
            Reference = file.MetadataString("reference"),
            Licence = file.MetadataString("licence"),
            Release = file.MetadataString("release"),
            TensorImageSize = file.MetadataString("tensorImageSize"),
            Metadata = file.Remaining(V2Keys),
        };
    }

    /// <summary>Channel file name of a case: CASE_XXXX + ending.</summary>
    internal static string ChannelFileName(string id, int channel, string ending) =>
        $"{id}_{channel.ToString("D" + ChannelDigits, CultureInfo.InvariantCulture)}{ending}";

    /// <summary>
    /// v2 without a "dataset" key: the cases are the CASE_XXXX&lt;ending&gt; files of the folder, ids sorted
    /// ordinally, each case's channel files sorted; the label is labelsTr/CASE&lt;ending&gt;.
    /// </summary>
    internal static List<DatasetCase> DiscoverCases(string folder, string imagesFolder, string ending, bool withLabels)
    {
        string images = Path.Combine(folder, imagesFolder);
        if (!Directory.Exists(images)) return [];
        var byId = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(images))
        {
            string name = Path.GetFileName(path);
            if (!name.EndsWith(ending, StringComparison.Ordinal)) continue;
            Match match = ChannelFilePattern().Match(name[..^ending.Length]);
            if (!match.Success) continue;
            string id = match.Groups["id"].Value;
            if (!byId.TryGetValue(id, out List<string>? files)) byId[id] = files = [];
            files.Add(Path.GetFullPath(path));
        }
        return byId.Select(kv => new DatasetCase(
            kv.Key,
            kv.Value.OrderBy(p => p, StringComparer.Ordinal).ToList(),
            withLabels ? Path.Combine(folder, "labelsTr", kv.Key + ending) : null)).ToList();
    }

    static List<string> ReadChannels(JsonFile file, string key)
    {
        var byIndex = new SortedDictionary<int, string>();
        foreach (JsonProperty channel in file.Object(key).EnumerateObject())
        {
            int index = ParseIntKey(file, channel.Name, key);
            if (channel.Value.ValueKind != JsonValueKind.String) throw file.Error($"{key}['{channel.Name}'] must be a name (string).");
            if (!byIndex.TryAdd(index, channel.Value.GetString()!)) throw file.Error($"{key} lists channel {index} twice.");
        }
        if (byIndex.Count == 0) throw file.Error($"{key} is empty; a dataset needs at least one channel.");
        if (byIndex.Keys.First() != 0 || byIndex.Keys.Last() != byIndex.Count - 1)
            throw file.Error($"{key} keys must be the channel indices 0..{byIndex.Count - 1}, found {string.Join(", ", byIndex.Keys)}.");
        return [.. byIndex.Values];
    }

    static int ParseIntKey(JsonFile file, string key, string where) =>
        int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw file.Error($"{where} key '{key}' is not an integer.");

    /// <summary>The parsed file with error helpers that name it.</summary>
    sealed class JsonFile
    {
        readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);
        readonly List<string> _order = [];

        public JsonFile(string path, JsonElement root)
        {
            Path = path;
            Folder = System.IO.Path.GetDirectoryName(path)!;
            if (root.ValueKind != JsonValueKind.Object) throw Error("must hold a JSON object.");
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!_properties.TryAdd(property.Name, property.Value)) throw Error($"key '{property.Name}' appears twice.");
                _order.Add(property.Name);
            }
        }

        public string Path { get; }
        public string Folder { get; }

        public InvalidInputException Error(string problem) => new($"{Path}: {problem}");

        public bool Has(string key) => _properties.ContainsKey(key);

        JsonElement Get(string key) => _properties.TryGetValue(key, out JsonElement e) ? e : throw Error($"misses the key '{key}'.");

        public JsonElement Object(string key) =>
            Get(key) is { ValueKind: JsonValueKind.Object } e ? e : throw Error($"'{key}' must be an object.");

        public JsonElement.ArrayEnumerator Array(string key) =>
            Get(key) is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray() : throw Error($"'{key}' must be a list.");

        public string String(string key) =>
            Get(key) is { ValueKind: JsonValueKind.String } e ? e.GetString()! : throw Error($"'{key}' must be a string.");

        public int? OptionalInt(string key) => Has(key) ? Int(Get(key), key) : null;

        public int Int(JsonElement element, string where) =>
            element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
                ? value
                : throw Error($"{where} must be an integer, found {element.GetRawText()}.");

        public string StringProperty(JsonElement element, string name, string where) =>
            element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw Error($"{where}.{name} must be a path (string).");

        public string Resolve(string relative, string entry) => DatasetRelativePath.Resolve(Folder, relative, Path, entry);

        /// <summary>A descriptive field when it is a string; other kinds stay in the metadata.</summary>
        public string? MetadataString(string key) =>
            _properties.TryGetValue(key, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

        /// <summary>Every key the form does not model (and descriptive fields that are not strings), in file order.</summary>
        public IReadOnlyDictionary<string, JsonNode?> Remaining(string[] modelled)
        {
            var rest = new OrderedDictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (string key in _order)
            {
                JsonElement value = _properties[key];
                bool typed = modelled.Contains(key) && !(MetadataKeys.Contains(key) && value.ValueKind != JsonValueKind.String);
                if (!typed) rest[key] = JsonNode.Parse(value.GetRawText());
            }
            return rest;
        }
    }
}
