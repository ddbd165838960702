using System.Text.Json;
using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// The spacing file next to a TIFF stack, nnU-Net v2's Tiff3DIO convention (spec §2): <c>CASE.json</c> beside
/// <c>CASE.tif</c> (the file name with its last ending replaced) holding <c>{"spacing": [z, y, x]}</c> in array order, every value &gt; 0.
/// </summary>
public static class SpacingSidecar
{
    /// <summary>The sidecar path of an image: same folder and name, ending .json.</summary>
    public static string PathFor(string imagePath) => Path.ChangeExtension(imagePath, ".json");

    /// <summary>The spacing (z, y, x) of the image's sidecar, or null when there is none.</summary>
    public static double[]? TryRead(string imagePath)
    {
        string path = PathFor(imagePath);
        if (!File.Exists(path)) return null;
        try
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("spacing", out JsonElement spacing)
                && spacing.ValueKind == JsonValueKind.Array && spacing.GetArrayLength() == 3
                && spacing.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number))
            {
                double[] values = spacing.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                if (values.All(v => double.IsFinite(v) && v > 0)) return values;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not valid JSON ({e.Message})", e);
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"{path}: cannot read the file ({e.Message})", e);
        }
        throw new InvalidInputException($"{path}: expected {{\"spacing\": [z, y, x]}} with three numbers > 0");
    }
}
