using System.Text.Json;
using System.Text.Json.Serialization;

namespace NnUNet.Core.Planning;

/// <summary>
/// Writes a short numeric list on one line (<c>"patch_size": [20,320,256]</c>) inside otherwise indented
/// JSON, so plans and fingerprints stay readable; reads a normal JSON array.
/// </summary>
public sealed class InlineArrayJsonConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<T>>(ref reader, options)
        ?? throw new JsonException("expected an array, found null");

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        writer.WriteRawValue(JsonSerializer.Serialize(value, Compact), skipInputValidation: true);
}
