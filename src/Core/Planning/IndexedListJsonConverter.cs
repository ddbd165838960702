using System.Text.Json;
using System.Text.Json.Serialization;

namespace NnUNet.Core.Planning;

/// <summary>
/// Writes a per-modality list as the object nnU-Net uses for it, keyed by the channel index
/// (<c>{"0": "CT", "1": "MRI"}</c>, like <c>modality</c> in dataset.json and the v1 plans' ordered dicts).
/// Reads that form (keys must be exactly 0..n-1, in any order) or a plain JSON array.
/// </summary>
public sealed class IndexedListJsonConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
            return JsonSerializer.Deserialize<List<T>>(ref reader, options) ?? [];
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected an object keyed by channel index (\"0\", \"1\", ...) or an array");

        var byIndex = new SortedDictionary<int, T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
                throw new JsonException($"channel key \"{key}\" is not a non-negative integer");
            reader.Read();
            T value = JsonSerializer.Deserialize<T>(ref reader, options)!;
            if (!byIndex.TryAdd(index, value)) throw new JsonException($"channel key \"{key}\" appears twice");
        }
        if (byIndex.Count > 0 && byIndex.Keys.Last() != byIndex.Count - 1)
            throw new JsonException("channel keys must be 0..n-1 without gaps");
        return byIndex.Values.ToList();
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        for (int i = 0; i < value.Count; i++)
        {
            writer.WritePropertyName(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            JsonSerializer.Serialize(writer, value[i], options);
        }
        writer.WriteEndObject();
    }
}
