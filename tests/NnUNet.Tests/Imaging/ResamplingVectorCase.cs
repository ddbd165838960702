using System.Text.Json;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Imaging;

/// <summary>One case of tests/reference/resampling-vectors (see its index.json for how they were made).</summary>
internal sealed class ResamplingVectorCase
{
    public const string Folder = "resampling-vectors";

    ResamplingVectorCase(string file, JsonElement root)
    {
        File = file;
        Root = root;
        Function = root.GetProperty("function").GetString()!;
        Args = root.GetProperty("args");
        InputShape = Ints(root.GetProperty("input_shape"));
        OutputShape = Ints(root.GetProperty("output_shape"));
    }

    public string File { get; }
    public JsonElement Root { get; }
    public string Function { get; }
    public JsonElement Args { get; }

    /// <summary>(c, z, y, x).</summary>
    public int[] InputShape { get; }

    /// <summary>(c, z, y, x).</summary>
    public int[] OutputShape { get; }

    /// <summary>The case files listed in index.json.</summary>
    public static IEnumerable<string> Files()
    {
        using var index = JsonDocument.Parse(System.IO.File.ReadAllText(RepoPaths.ReferenceFile(Path.Combine(Folder, "index.json"))));
        return index.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => c.GetProperty("file").GetString()!).ToList();
    }

    public static ResamplingVectorCase Load(string file)
    {
        var json = System.IO.File.ReadAllText(RepoPaths.ReferenceFile(Path.Combine(Folder, file)));
        return new ResamplingVectorCase(file, JsonDocument.Parse(json).RootElement.Clone());
    }

    /// <summary>A nested (c, z, y, x) list as flat C-order values; the shape is checked against
    /// <paramref name="shape"/>.</summary>
    public double[] Array(string property, int[] shape)
    {
        var values = new List<double>();
        var found = new List<int>();
        Flatten(Root.GetProperty(property), values, found, 0);
        Assert.Equal(shape, found.ToArray());
        return values.ToArray();
    }

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    static void Flatten(JsonElement element, List<double> values, List<int> shape, int depth)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            values.Add(element.GetDouble());
            return;
        }
        int length = element.GetArrayLength();
        if (shape.Count == depth) shape.Add(length);
        foreach (var child in element.EnumerateArray()) Flatten(child, values, shape, depth + 1);
    }
}
