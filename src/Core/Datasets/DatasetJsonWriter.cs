using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Core.Datasets;

/// <summary>Writes a <see cref="DatasetDescription"/> as dataset.json in the v1 or v2 form, atomically.</summary>
internal static class DatasetJsonWriter
{
    // nnU-Net writes its json files with an indent of 4 spaces.
    const int IndentSize = 4;

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = IndentSize,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteV1(DatasetDescription d, string path, bool sortKeys)
    {
        string full = Path.GetFullPath(path);
        string folder = d.Folder; // paths stay relative to the dataset, wherever the file goes
        if (d.Regions.Count > 0 || d.IgnoreLabel != null)
            throw new InvalidInputException($"{full}: the v1 form of dataset.json has no regions or ignore label; write the v2 form.");

        var json = new JsonObject();
        AddString(json, "name", d.Name);
        AddString(json, "description", d.Description);
        AddString(json, "tensorImageSize", d.TensorImageSize);
        AddString(json, "reference", d.Reference);
        AddString(json, "licence", d.Licence);
        AddString(json, "release", d.Release);
        json["modality"] = ChannelObject(d);
        json["labels"] = new JsonObject(d.Labels.OrderBy(l => l.Key)
            .Select(l => KeyValuePair.Create(Key(l.Key), (JsonNode?)JsonValue.Create(l.Value))));
        json["numTraining"] = d.Training.Count;
        json["numTest"] = d.Test.Count;
        json["training"] = new JsonArray(d.Training.Select(c => (JsonNode?)new JsonObject
        {
            ["image"] = V1ImageReference(d, folder, c),
            ["label"] = "./" + DatasetRelativePath.ToRelative(folder,
                c.Label ?? throw new InvalidInputException($"{full}: training case {c.Id} has no label file.")),
        }).ToArray());
        json["test"] = new JsonArray(d.Test.Select(c => (JsonNode?)JsonValue.Create(V1ImageReference(d, folder, c))).ToArray());
        if (d.FileEnding != DatasetDescription.V1FileEnding) json["file_ending"] = d.FileEnding;
        AddMetadata(json, d);

        Save(full, sortKeys ? Sorted(json) : json);
    }

    public static void WriteV2(DatasetDescription d, string path)
    {
        string full = Path.GetFullPath(path);
        string folder = d.Folder; // paths stay relative to the dataset, wherever the file goes

        var labels = new JsonObject();
        foreach ((int value, string name) in d.Labels.OrderBy(l => l.Key)) labels[name] = value;
        foreach (DatasetRegion region in d.Regions)
            labels[region.Name] = region.Labels.Count == 1
                ? JsonValue.Create(region.Labels[0])
                : new JsonArray(region.Labels.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        if (d.IgnoreLabel is int ignore) labels["ignore"] = ignore;

        var json = new JsonObject
        {
            ["channel_names"] = ChannelObject(d),
            ["labels"] = labels,
        };
        if (d.RegionsClassOrder != null)
            json["regions_class_order"] = new JsonArray(d.RegionsClassOrder.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        json["numTraining"] = d.Training.Count;
        json["file_ending"] = d.FileEnding;
        AddString(json, "name", d.Name);
        AddString(json, "description", d.Description);
        AddString(json, "tensorImageSize", d.TensorImageSize);
        AddString(json, "reference", d.Reference);
        AddString(json, "licence", d.Licence);
        AddString(json, "release", d.Release);
        if (!FollowsStandardLayout(d, folder))
        {
            var cases = new JsonObject();
            foreach (DatasetCase c in d.Training)
            {
                cases[c.Id] = new JsonObject
                {
                    ["images"] = new JsonArray(c.Images.Select(i => (JsonNode?)JsonValue.Create(DatasetRelativePath.ToRelative(folder, i))).ToArray()),
                    ["label"] = DatasetRelativePath.ToRelative(folder,
                        c.Label ?? throw new InvalidInputException($"{full}: training case {c.Id} has no label file.")),
                };
            }
            json["dataset"] = cases;
        }
        AddMetadata(json, d);

        Save(full, json);
    }

    // v1 lists a case as <folder>/CASE<ending>; its channel files must be CASE_0000<ending>, ... in that folder.
    static string V1ImageReference(DatasetDescription d, string folder, DatasetCase c)
    {
        string dir = c.Images.Count > 0 ? Path.GetDirectoryName(c.Images[0])! : Path.Combine(folder, "imagesTr");
        bool conventional = c.Images.Count == d.Channels.Count && c.Images.Select((p, i) =>
            p == Path.Combine(dir, DatasetJsonReader.ChannelFileName(c.Id, i, d.FileEnding))).All(x => x);
        if (!conventional)
            throw new InvalidInputException(
                $"Case {c.Id}: its image files ({string.Join(", ", c.Images.Select(Path.GetFileName))}) are not " +
                $"{c.Id}_0000{d.FileEnding} ... for {d.Channels.Count} channel(s); the v1 form of dataset.json cannot list them.");
        return "./" + DatasetRelativePath.ToRelative(folder, Path.Combine(dir, c.Id + d.FileEnding));
    }

    // Without a "dataset" key, v2 finds imagesTr/CASE_XXXX<ending> and labelsTr/CASE<ending>.
    static bool FollowsStandardLayout(DatasetDescription d, string folder)
    {
        if (d.Training.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != d.Training.Count) return false;
        return d.Training.All(c =>
            c.Images.Count > 0
            && c.Images.Select((p, i) => p == Path.Combine(folder, "imagesTr", DatasetJsonReader.ChannelFileName(c.Id, i, d.FileEnding))).All(x => x)
            && c.Label == Path.Combine(folder, "labelsTr", c.Id + d.FileEnding));
    }

    static JsonObject ChannelObject(DatasetDescription d) =>
        new(d.Channels.Select((name, i) => KeyValuePair.Create(Key(i), (JsonNode?)JsonValue.Create(name))));

    static string Key(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static void AddString(JsonObject json, string key, string? value)
    {
        if (value != null) json[key] = value;
    }

    // Metadata never overrides what the writer derived from the model.
    static void AddMetadata(JsonObject json, DatasetDescription d)
    {
        foreach ((string key, JsonNode? value) in d.Metadata)
            if (!json.ContainsKey(key)) json[key] = value?.DeepClone();
    }

    // Keys sorted ordinally at every level, as Python's json.dump(sort_keys=True) does.
    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    static void Save(string path, JsonNode? json) => AtomicFile.WriteAllText(path, json!.ToJsonString(Options));
}
