using System.Text.Json.Serialization;

namespace NnUNet.Core.Preprocessing;

/// <summary>The content of CASE.json: format version, array layouts and the case properties.</summary>
public sealed record PreprocessedCaseHeader
{
    public const int CurrentFormatVersion = 1;

    [JsonPropertyName("format_version")] public int FormatVersion { get; init; } = CurrentFormatVersion;
    [JsonPropertyName("data")] public required PreprocessedArrayInfo Data { get; init; }

    /// <summary>Null for cases without a segmentation (test cases at inference).</summary>
    [JsonPropertyName("seg")] public PreprocessedArrayInfo? Segmentation { get; init; }
    [JsonPropertyName("properties")] public required CaseProperties Properties { get; init; }
}
