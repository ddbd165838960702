using System.Text.Json.Serialization;

namespace NnUNet.Core.Preprocessing;

/// <summary>How a raw little-endian array file of a preprocessed case is laid out.</summary>
/// <param name="File">File name next to CASE.json.</param>
/// <param name="DataType">"float32", "int8" or "int16".</param>
/// <param name="Shape">C-order shape: (c, z, y, x) for data, (z, y, x) for the segmentation.</param>
public sealed record PreprocessedArrayInfo(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("dtype")] string DataType,
    [property: JsonPropertyName("shape"), JsonConverter(typeof(CompactJsonConverter<int[]>))] int[] Shape);
