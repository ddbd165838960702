using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// The scores of a folder of predictions, as nnU-Net v1's <c>summary.json</c> (spec §10): {name, description,
/// timestamp, task, author, results: {all: [{label: metrics, test, reference}], mean: {label: metrics, "mean":
/// foreground mean}}, id}. Means are nanmeans (a NaN case does not count); keys are written sorted, as v1 does.
/// NaN is written as the string "NaN" (JSON has no NaN).
/// </summary>
public sealed class EvaluationSummary
{
    public const string FileName = "summary.json";

    /// <summary>Key of the foreground mean among the labels of results.mean (spec §10).</summary>
    public const string ForegroundMeanKey = "mean";

    const string DefaultAuthor = "nnU-Net for .NET";
    // v1's id: the first 12 hex digits of an MD5 of the document.
    const int IdLength = 12;

    EvaluationSummary(IReadOnlyList<int> labels, IReadOnlyList<CaseScores> cases,
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>> mean, IReadOnlyDictionary<string, double> foregroundMean)
    {
        Labels = labels;
        Cases = cases;
        Mean = mean;
        ForegroundMean = foregroundMean;
    }

    /// <summary>Aggregates case scores: nanmean per label and metric, then nanmean over the foreground labels (not 0).</summary>
    public EvaluationSummary(IReadOnlyList<int> labels, IReadOnlyList<CaseScores> cases)
        : this(labels, cases, MeanPerLabel(labels, cases), new Dictionary<string, double>())
    {
        ForegroundMean = MeanOverForeground(Labels, Mean);
    }

    /// <summary>The labels scored, in the order given.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Per case, in the order given.</summary>
    public IReadOnlyList<CaseScores> Cases { get; }

    /// <summary>Label -> metric -> nanmean over the cases.</summary>
    public IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>> Mean { get; }

    /// <summary>Metric -> nanmean over the foreground labels of <see cref="Mean"/> (NaN without foreground labels).</summary>
    public IReadOnlyDictionary<string, double> ForegroundMean { get; private init; }

    /// <summary>The score model selection ranks by: the foreground mean of Dice (spec §10).</summary>
    public double ForegroundMeanDice => ForegroundMean.GetValueOrDefault(SegmentationMetrics.Dice, double.NaN);

    /// <summary>The mean Dice of one label over the cases (NaN when the label was not scored).</summary>
    public double MeanDice(int label) =>
        Mean.TryGetValue(label, out var metrics) ? metrics.GetValueOrDefault(SegmentationMetrics.Dice, double.NaN) : double.NaN;

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Task { get; set; } = "";
    public string Author { get; set; } = DefaultAuthor;

    /// <summary>When the scores were computed (v1 format: local time with microseconds).</summary>
    public string Timestamp { get; set; } = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    /// <summary>Writes the summary atomically.</summary>
    public void Write(string path)
    {
        string id = Convert.ToHexStringLower(MD5.HashData(Serialize(id: null)))[..IdLength];
        byte[] bytes = Serialize(id);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Reads a summary.json; a missing or malformed file is an <see cref="InvalidInputException"/> naming it.</summary>
    public static EvaluationSummary Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        try
        {
            using JsonDocument document = PythonJson.Parse(path);
            JsonElement root = document.RootElement;
            JsonElement results = Property(root, "results", path);
            var cases = new List<CaseScores>();
            foreach (JsonElement entry in Property(results, "all", path).EnumerateArray())
            {
                var metrics = new Dictionary<int, IReadOnlyDictionary<string, double>>();
                foreach (JsonProperty label in entry.EnumerateObject())
                    if (TryParseLabel(label.Name, out int value)) metrics[value] = ReadMetrics(label.Value, path);
                cases.Add(new CaseScores(OptionalString(entry, "test"), OptionalString(entry, "reference"), metrics));
            }
            var mean = new Dictionary<int, IReadOnlyDictionary<string, double>>();
            IReadOnlyDictionary<string, double>? foreground = null;
            foreach (JsonProperty label in Property(results, "mean", path).EnumerateObject())
            {
                if (label.Name == ForegroundMeanKey) foreground = ReadMetrics(label.Value, path);
                else if (TryParseLabel(label.Name, out int value)) mean[value] = ReadMetrics(label.Value, path);
                else throw new InvalidInputException($"{path}: results.mean has key '{label.Name}', which is neither a label nor \"{ForegroundMeanKey}\".");
            }
            var labels = mean.Keys.Order().ToList();
            return new EvaluationSummary(labels, cases, mean, foreground ?? MeanOverForeground(labels, mean))
            {
                Name = OptionalString(root, "name"),
                Description = OptionalString(root, "description"),
                Task = OptionalString(root, "task"),
                Author = OptionalString(root, "author"),
                Timestamp = OptionalString(root, "timestamp"),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidInputException($"{path}: not a valid summary.json ({e.Message}).", e);
        }
    }

    static Dictionary<int, IReadOnlyDictionary<string, double>> MeanPerLabel(IReadOnlyList<int> labels, IReadOnlyList<CaseScores> cases)
    {
        var mean = new Dictionary<int, IReadOnlyDictionary<string, double>>(labels.Count);
        foreach (int label in labels)
        {
            var perMetric = new Dictionary<string, double>();
            IEnumerable<string> names = cases.Count > 0 ? cases[0].Metrics[label].Keys : SegmentationMetrics.Names;
            foreach (string name in names) perMetric[name] = NanMean(cases.Select(c => c.Metrics[label][name]));
            mean[label] = perMetric;
        }
        return mean;
    }

    static Dictionary<string, double> MeanOverForeground(IReadOnlyList<int> labels, IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>> mean)
    {
        var foreground = labels.Where(l => l != 0).ToList();
        var result = new Dictionary<string, double>();
        if (foreground.Count == 0) return result;
        foreach (string name in mean[foreground[0]].Keys)
            result[name] = NanMean(foreground.Select(l => mean[l].GetValueOrDefault(name, double.NaN)));
        return result;
    }

    /// <summary>numpy's nanmean: the mean of the values that are not NaN; NaN when there are none.</summary>
    public static double NanMean(IEnumerable<double> values)
    {
        double sum = 0;
        int count = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) continue;
            sum += v;
            count++;
        }
        return count == 0 ? double.NaN : sum / count;
    }

    byte[] Serialize(string? id)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 4 }))
        {
            json.WriteStartObject();
            json.WriteString("author", Author);
            json.WriteString("description", Description);
            if (id != null) json.WriteString("id", id);
            json.WriteString("name", Name);
            json.WritePropertyName("results");
            json.WriteStartObject();
            json.WriteStartArray("all");
            foreach (CaseScores scores in Cases)
            {
                json.WriteStartObject();
                foreach (var (key, metrics) in SortedByKey(scores.Metrics)) WriteMetrics(json, key, metrics);
                json.WriteString("reference", scores.Reference);
                json.WriteString("test", scores.Test);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WritePropertyName("mean");
            json.WriteStartObject();
            var means = SortedByKey(Mean).ToList();
            if (ForegroundMean.Count > 0) means.Add((ForegroundMeanKey, ForegroundMean));
            foreach (var (key, metrics) in means.OrderBy(m => m.Key, StringComparer.Ordinal)) WriteMetrics(json, key, metrics);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("task", Task);
            json.WriteString("timestamp", Timestamp);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static IEnumerable<(string Key, IReadOnlyDictionary<string, double> Metrics)> SortedByKey(
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, double>> byLabel) =>
        byLabel.Select(p => (p.Key.ToString(CultureInfo.InvariantCulture), p.Value)).OrderBy(p => p.Item1, StringComparer.Ordinal);

    static void WriteMetrics(Utf8JsonWriter json, string key, IReadOnlyDictionary<string, double> metrics)
    {
        json.WritePropertyName(key);
        json.WriteStartObject();
        foreach (var (name, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(name);
            WriteNumber(json, value);
        }
        json.WriteEndObject();
    }

    /// <summary>A number, or "NaN" / "Infinity" / "-Infinity" as a string (the shared JSON convention of JsonFile).</summary>
    internal static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads a number written by <see cref="WriteNumber"/> (or a plain JSON number).</summary>
    internal static double ReadNumber(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
        _ => throw new InvalidInputException($"{path}: {element.GetRawText()} is not a number."),
    };

    static Dictionary<string, double> ReadMetrics(JsonElement element, string path)
    {
        var metrics = new Dictionary<string, double>();
        foreach (JsonProperty metric in element.EnumerateObject()) metrics[metric.Name] = ReadNumber(metric.Value, path);
        return metrics;
    }

    static bool TryParseLabel(string key, out int label) =>
        int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out label);

    static JsonElement Property(JsonElement element, string name, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new InvalidInputException($"{path}: not a summary.json (no \"{name}\").");

    static string OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
