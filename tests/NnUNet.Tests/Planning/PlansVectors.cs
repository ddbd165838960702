using System.Text.Json;
using NnUNet.Core.Planning;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Planning;

/// <summary>The known-answer planning vectors (plans-vectors.json, produced by the original v1 planners).</summary>
public static class PlansVectors
{
    static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.ReferenceFile("plans-vectors.json"))));

    public static IEnumerable<object[]> CaseNames =>
        Document.Value.RootElement.GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    public static JsonElement Case(string name) =>
        Document.Value.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>
    /// The fingerprint the vector's planner saw: cases in file order, all_classes = 1..num_classes-1
    /// (num_classes includes background), modalities by index.
    /// </summary>
    public static DatasetFingerprint Fingerprint(JsonElement vectorCase)
    {
        var inputs = vectorCase.GetProperty("inputs");
        var spacings = inputs.GetProperty("spacings").EnumerateArray().ToArray();
        var shapes = inputs.GetProperty("shapes").EnumerateArray().ToArray();
        var reductions = inputs.GetProperty("size_reductions").EnumerateArray().ToArray();
        Assert.Equal(spacings.Length, shapes.Length);
        Assert.Equal(spacings.Length, reductions.Length);
        Assert.Equal(spacings.Length, inputs.GetProperty("num_training_cases").GetInt32());

        var modalities = inputs.GetProperty("modalities").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name), p => p.Value.GetString()!);
        int numClasses = inputs.GetProperty("num_classes").GetInt32();
        return new DatasetFingerprint
        {
            Cases = spacings.Select((s, i) => new CaseFingerprint
            {
                CaseIdentifier = $"case_{i:D4}",
                Spacing = s.EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                ShapeAfterCropping = shapes[i].EnumerateArray().Select(v => v.GetInt32()).ToArray(),
                SizeReduction = reductions[i].GetDouble(),
            }).ToArray(),
            Modalities = Enumerable.Range(0, modalities.Count).Select(i => modalities[i]).ToArray(),
            AllClasses = Enumerable.Range(1, numClasses - 1).ToArray(),
        };
    }
}
