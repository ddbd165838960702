using System.Text.Json;
using System.Text.Json.Serialization;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Writes a small value (a shape, a spacing, a crop box) on one line inside otherwise indented JSON, so case files
/// stay readable; reads it as usual.
/// </summary>
public sealed class CompactJsonConverter<T> : JsonConverter<T>
{
    static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T>(ref reader, Compact);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteRawValue(JsonSerializer.Serialize(value, Compact), skipInputValidation: true);
}
