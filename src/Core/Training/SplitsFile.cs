using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Core.Training;

/// <summary>
/// <c>splits_final.json</c> in the preprocessed task folder: a JSON list with one
/// <c>{"train": [...], "val": [...]}</c> object per fold (nnU-Net v2's format; v1 pickled the same list).
/// A user may edit it freely: any number of folds, any case ids the dataset has.
/// </summary>
public static class SplitsFile
{
    public const string FileName = "splits_final.json";

    /// <summary>Writes the folds (atomically, so a crash never leaves a half-written file).</summary>
    public static void Write(string path, IReadOnlyList<FoldSplit> folds)
    {
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, IndentSize = 4 });
            json.WriteStartArray();
            foreach (FoldSplit fold in folds)
            {
                json.WriteStartObject();
                WriteIds(json, "train", fold.Train);
                WriteIds(json, "val", fold.Val);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    /// <summary>
    /// Reads the folds as stored (lists in file order). Throws <see cref="InvalidInputException"/> naming the
    /// file when it is not such a list, has no folds, a fold without training cases, an id twice in one
    /// list, or an id that is not in <paramref name="knownCaseIds"/>.
    /// </summary>
    public static IReadOnlyList<FoldSplit> Read(string path, IReadOnlySet<string> knownCaseIds)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw Malformed(path, $"is not valid JSON ({e.Message})");
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                throw Malformed(path, "must hold a list of {\"train\": [...], \"val\": [...]} objects");
            var folds = new List<FoldSplit>();
            foreach (JsonElement entry in root.EnumerateArray())
            {
                int fold = folds.Count;
                if (entry.ValueKind != JsonValueKind.Object)
                    throw Malformed(path, $"fold {fold} is not a {{\"train\": [...], \"val\": [...]}} object");
                var train = ReadIds(path, entry, fold, "train", knownCaseIds);
                var val = ReadIds(path, entry, fold, "val", knownCaseIds);
                if (train.Count == 0) throw Malformed(path, $"fold {fold} has no training cases");
                folds.Add(new FoldSplit(train, val));
            }
            if (folds.Count == 0) throw Malformed(path, "holds no folds");
            return folds;
        }
    }

    static List<string> ReadIds(string path, JsonElement entry, int fold, string name, IReadOnlySet<string> known)
    {
        if (!entry.TryGetProperty(name, out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            throw Malformed(path, $"fold {fold} has no \"{name}\" list");
        var ids = new List<string>(list.GetArrayLength());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonElement item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw Malformed(path, $"fold {fold} \"{name}\" holds {item.ValueKind.ToString().ToLowerInvariant()} where a case id is expected");
            string id = item.GetString()!;
            if (!known.Contains(id)) throw Malformed(path, $"fold {fold} \"{name}\" names unknown case '{id}'");
            if (!seen.Add(id)) throw Malformed(path, $"fold {fold} \"{name}\" names case '{id}' twice");
            ids.Add(id);
        }
        return ids;
    }

    static void WriteIds(Utf8JsonWriter json, string name, IReadOnlyList<string> ids)
    {
        json.WriteStartArray(name);
        foreach (string id in ids) json.WriteStringValue(id);
        json.WriteEndArray();
    }

    static InvalidInputException Malformed(string path, string problem) =>
        new($"Splits file {path} {problem}.");
}
