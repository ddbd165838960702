using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Core.Planning;

/// <summary>Reading and writing the planning files (fingerprint, plans) as indented JSON, atomically.</summary>
internal static class PlanningJson
{
    static readonly JsonSerializerOptions Options = new()
    {
        // Doubles are written in their shortest round-trip form, so spacings read back bit-identical.
        WriteIndented = true,
        RespectNullableAnnotations = true,
        Converters =
        {
            new InlineArrayJsonConverter<int>(),
            new InlineArrayJsonConverter<double>(),
            new InlineArrayJsonConverter<IReadOnlyList<int>>(),
        },
    };

    public static void Write<T>(string path, T value) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Options) + "\n");

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads <paramref name="path"/>; a missing or malformed file is an <see cref="InvalidInputException"/> naming it.</summary>
    public static T Read<T>(string path, string what)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: {what} not found");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options)
                ?? throw new InvalidInputException($"{path}: {what} is empty (JSON null)");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not a valid {what}: {e.Message}", e);
        }
    }
}
