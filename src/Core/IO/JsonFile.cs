using System.Text.Json;
using System.Text.Json.Serialization;
using NnUNet.Abstractions;

namespace NnUNet.Core.IO;

/// <summary>Reads and writes the JSON files users can open (plans, properties, splits, summaries).</summary>
public static class JsonFile
{
    /// <summary>Indented output; NaN and infinities written as the strings "NaN"/"Infinity" (JSON has no such numbers).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Reads a file; a missing, unreadable or malformed file is an <see cref="InvalidInputException"/> naming it.</summary>
    public static T Read<T>(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: file not found.");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options)
                   ?? throw new InvalidInputException($"{path}: the file holds JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Writes a file atomically (temporary file, then rename).</summary>
    public static void Write<T>(string path, T value) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, value, Options));
}
