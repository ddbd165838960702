using System.Text.Json.Serialization;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Everything known about one preprocessed case that is needed to sample it and to undo the preprocessing
/// at export: the raw file's geometry, the crop box, shapes and spacings before and after each step, and the
/// class locations for foreground oversampling. Stored as CASE.json next to the arrays (see docs/preprocessed-format.md).
/// Shapes and spacings are (z, y, x). Fields marked "plan order" are after the plan's transpose_forward.
/// </summary>
public sealed record CaseProperties
{
    [JsonPropertyName("case_identifier")] public required string CaseIdentifier { get; init; }

    /// <summary>The raw image files the case was read from (one per channel).</summary>
    [JsonPropertyName("list_of_data_files")] public IReadOnlyList<string> DataFiles { get; init; } = [];

    /// <summary>The raw label file the segmentation was read from; null for a case without one.</summary>
    [JsonPropertyName("seg_file")] public string? SegFile { get; init; }

    /// <summary>Raw file geometry: spacing (z, y, x) and ITK origin/direction, to write predictions back exactly.</summary>
    [JsonConverter(typeof(CompactJsonConverter<double[]>))]
    [JsonPropertyName("original_spacing")] public required double[] OriginalSpacing { get; init; }
    [JsonConverter(typeof(CompactJsonConverter<double[]>))]
    [JsonPropertyName("itk_origin")] public required double[] Origin { get; init; }
    [JsonConverter(typeof(CompactJsonConverter<double[]>))]
    [JsonPropertyName("itk_direction")] public required double[] Direction { get; init; }

    /// <summary>Shape of the raw image (z, y, x), file order.</summary>
    [JsonConverter(typeof(CompactJsonConverter<int[]>))]
    [JsonPropertyName("original_size_of_raw_data")] public required int[] OriginalShape { get; init; }

    /// <summary>Crop box in raw file order: [[z0, z1], [y0, y1], [x0, x1]], end exclusive.</summary>
    [JsonConverter(typeof(CompactJsonConverter<int[][]>))]
    [JsonPropertyName("crop_bbox")] public required int[][] CropBox { get; init; }

    /// <summary>Shape after cropping, raw file order.</summary>
    [JsonConverter(typeof(CompactJsonConverter<int[]>))]
    [JsonPropertyName("size_after_cropping")] public required int[] ShapeAfterCropping { get; init; }

    /// <summary>
    /// The distinct values of the cropped segmentation, ascending (v1 <c>np.unique(seg)</c> after cropping): the
    /// labels present, and -1 when some voxels lie outside the non-zero mask. For a case without labels the
    /// values of its non-zero mask map (-1, 0).
    /// </summary>
    [JsonConverter(typeof(CompactJsonConverter<IReadOnlyList<int>>))]
    [JsonPropertyName("classes")] public IReadOnlyList<int> Classes { get; init; } = [];

    /// <summary>Shape after resampling (plan order) = the stored arrays' spatial shape.</summary>
    [JsonConverter(typeof(CompactJsonConverter<int[]>))]
    [JsonPropertyName("size_after_resampling")] public required int[] ShapeAfterResampling { get; init; }

    /// <summary>Spacing after resampling (plan order) = the configuration's target spacing.</summary>
    [JsonConverter(typeof(CompactJsonConverter<double[]>))]
    [JsonPropertyName("spacing_after_resampling")] public required double[] SpacingAfterResampling { get; init; }

    /// <summary>Whether normalisation used the nonzero mask, per channel.</summary>
    [JsonConverter(typeof(CompactJsonConverter<IReadOnlyList<bool>>))]
    [JsonPropertyName("use_nonzero_mask_for_norm")] public IReadOnlyList<bool> UseNonzeroMaskForNormalization { get; init; } = [];

    /// <summary>Sampled voxel coordinates (z, y, x, plan order, stored array) per foreground label, for oversampling.</summary>
    [JsonConverter(typeof(ClassLocationsJsonConverter))]
    [JsonPropertyName("class_locations")] public IReadOnlyDictionary<int, int[][]> ClassLocations { get; init; } = new Dictionary<int, int[][]>();

    /// <summary>
    /// The properties of a volume stored as it is (spacing 1, origin 0, identity direction, nothing cropped or
    /// resampled): for data generated directly as preprocessed arrays. Callers add classes and class locations.
    /// </summary>
    public static CaseProperties AsStored(string caseIdentifier, int[] shape) => new()
    {
        CaseIdentifier = caseIdentifier,
        OriginalSpacing = [1, 1, 1],
        Origin = [0, 0, 0],
        Direction = [1, 0, 0, 0, 1, 0, 0, 0, 1],
        OriginalShape = shape,
        CropBox = [[0, shape[0]], [0, shape[1]], [0, shape[2]]],
        ShapeAfterCropping = shape,
        ShapeAfterResampling = shape,
        SpacingAfterResampling = [1, 1, 1],
    };
}
