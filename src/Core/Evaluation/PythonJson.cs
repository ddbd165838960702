using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// Parses the JSON files nnU-Net v1 writes with Python's json module, which writes NaN and infinities as the bare
/// words NaN / Infinity / -Infinity. Those words are turned into the strings our own files use before parsing.
/// </summary>
internal static partial class PythonJson
{
    // A bare NaN/Infinity value: after ':', '[' or ',' and before ',', '}' or ']' (never inside a string, where
    // it would be preceded by a quote or another character).
    [GeneratedRegex(@"(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])", RegexOptions.CultureInvariant)]
    private static partial Regex BareNonFinite();

    public static JsonDocument Parse(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            string text = Encoding.UTF8.GetString(bytes);
            string quoted = BareNonFinite().Replace(text, "\"$1\"");
            if (quoted == text) throw;
            return JsonDocument.Parse(quoted);
        }
    }
}
