using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Writes <see cref="CaseProperties.ClassLocations"/> as <c>{"1": [[z,y,x],...], ...}</c>, one line per class (indented
/// JSON would otherwise spend five lines on every voxel: tens of thousands per case); reads any layout.
/// </summary>
public sealed class ClassLocationsJsonConverter : JsonConverter<IReadOnlyDictionary<int, int[][]>>
{
    public override IReadOnlyDictionary<int, int[][]> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<Dictionary<int, int[][]>>(ref reader, options) ?? throw new JsonException("class_locations is null");

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<int, int[][]> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (label, voxels) in value.OrderBy(kv => kv.Key))
        {
            writer.WritePropertyName(label.ToString(CultureInfo.InvariantCulture));
            writer.WriteStartArray();
            foreach (int[] voxel in voxels)
                writer.WriteRawValue($"[{string.Join(",", voxel)}]", skipInputValidation: true);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
