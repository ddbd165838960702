using System.Text.Json.Serialization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Planning;

/// <summary>
/// nnU-Net v1 plans (plans identifier <see cref="PlansIdentifierV21"/>) as the preprocessor, trainer and
/// predictor read them: <see cref="FileName3D"/> holds the 3D stages (3d_lowres, 3d_fullres),
/// <see cref="FileName2D"/> the 2d stage. Field names are those of the v1 plans file.
/// </summary>
public sealed record ExperimentPlans
{
    public const string PlansIdentifierV21 = "nnUNetPlansv2.1";
    public const string FileName3D = PlansIdentifierV21 + "_plans_3D.json";
    public const string FileName2D = PlansIdentifierV21 + "_plans_2D.json";
    public const string DataIdentifier3D = "nnUNetData_plans_v2.1";
    public const string DataIdentifier2D = "nnUNetData_plans_v2.1_2D";
    public const string Preprocessor3D = "GenericPreprocessor";
    public const string Preprocessor2D = "PreprocessorFor2D";

    [JsonPropertyName("plans_identifier")]
    public required string PlansIdentifier { get; init; }

    /// <summary>Name of the preprocessed data folder prefix (stage folders are <c>{id}_stage{i}</c>).</summary>
    [JsonPropertyName("data_identifier")]
    public required string DataIdentifier { get; init; }

    [JsonPropertyName("preprocessor_name")]
    public required string PreprocessorName { get; init; }

    /// <summary>Stages; in 3D plans index 0 is 3d_lowres when there are two, the last is always 3d_fullres.</summary>
    [JsonPropertyName("plans_per_stage")]
    public required IReadOnlyList<StagePlan> PlansPerStage { get; init; }

    [JsonPropertyName("num_stages")]
    public int NumStages => PlansPerStage.Count;

    [JsonPropertyName("num_modalities")]
    public int NumModalities => Modalities.Count;

    [JsonPropertyName("modalities")]
    [JsonConverter(typeof(IndexedListJsonConverter<string>))]
    public IReadOnlyList<string> Modalities => DatasetProperties.Modalities;

    /// <summary>Per modality: "CT", "nonCT" or "noNorm" (see <see cref="NormalizationChoice"/>).</summary>
    [JsonPropertyName("normalization_schemes")]
    [JsonConverter(typeof(IndexedListJsonConverter<string>))]
    public required IReadOnlyList<string> NormalizationSchemes { get; init; }

    /// <summary>Per modality: normalise inside the non-zero mask only.</summary>
    [JsonPropertyName("use_mask_for_norm")]
    [JsonConverter(typeof(IndexedListJsonConverter<bool>))]
    public required IReadOnlyList<bool> UseMaskForNorm { get; init; }

    /// <summary>
    /// Number of FOREGROUND classes (v1 semantics: background not counted); networks output
    /// <see cref="NumClasses"/> + 1 channels.
    /// </summary>
    [JsonPropertyName("num_classes")]
    public int NumClasses => AllClasses.Count;

    /// <summary>Foreground label values.</summary>
    [JsonPropertyName("all_classes")]
    public IReadOnlyList<int> AllClasses => DatasetProperties.AllClasses;

    [JsonPropertyName("base_num_features")]
    public required int BaseNumFeatures { get; init; }

    [JsonPropertyName("conv_per_stage")]
    public required int ConvPerStage { get; init; }

    // Deprecated in v1 (postprocessing is decided after training); always null, kept so the keys are where users look.
    [JsonPropertyName("keep_only_largest_region")] public object? KeepOnlyLargestRegion => null;
    [JsonPropertyName("min_region_size_per_class")] public object? MinRegionSizePerClass => null;
    [JsonPropertyName("min_size_per_class")] public object? MinSizePerClass => null;

    /// <summary>Data axis order used by the stages (coarsest axis first): stage axis i is data axis transpose_forward[i].</summary>
    [JsonPropertyName("transpose_forward")]
    public required IReadOnlyList<int> TransposeForward { get; init; }

    [JsonPropertyName("transpose_backward")]
    public required IReadOnlyList<int> TransposeBackward { get; init; }

    /// <summary>Full-resolution target spacing in data axis order (z, y, x), NOT transposed.</summary>
    [JsonPropertyName("target_spacing")]
    public required IReadOnlyList<double> TargetSpacing { get; init; }

    /// <summary>The fingerprint the plans were made from (intensity properties for CT normalisation, classes, cases).</summary>
    [JsonPropertyName("dataset_properties")]
    public required DatasetFingerprint DatasetProperties { get; init; }

    /// <summary>True for 2D plans (two-axis patches).</summary>
    [JsonIgnore]
    public bool IsTwoDimensional => PlansPerStage[0].PatchSize.Count == 2;

    /// <summary>Whether <paramref name="configuration"/> exists in these plans.</summary>
    public bool HasConfiguration(string configuration) => StageIndex(configuration) >= 0;

    /// <summary>
    /// The stage a configuration trains on: "2d" in 2D plans; "3d_fullres" = the last 3D stage; "3d_lowres" =
    /// stage 0 and "3d_cascade_fullres" = stage 1 of a 2-stage 3D plan. Throws
    /// <see cref="InvalidInputException"/> when the configuration does not exist for this dataset.
    /// </summary>
    public StagePlan GetStage(string configuration)
    {
        int index = StageIndex(configuration);
        if (index >= 0) return PlansPerStage[index];
        string why = !Configurations.All.Contains(configuration)
            ? $"unknown configuration (expected one of {string.Join(", ", Configurations.All)})"
            : IsTwoDimensional
                ? "these are the 2D plans"
                : configuration == Configurations.TwoD
                    ? "these are the 3D plans"
                    : "the dataset has no 3d_lowres stage (the full-resolution patch already covers enough of the median case), so no cascade";
        throw new InvalidInputException($"configuration {configuration} is not available: {why}");
    }

    int StageIndex(string configuration) => configuration switch
    {
        Configurations.TwoD when IsTwoDimensional => 0,
        Configurations.FullRes3D when !IsTwoDimensional => NumStages - 1,
        Configurations.LowRes3D or Configurations.CascadeFullRes3D when !IsTwoDimensional && NumStages == 2 =>
            configuration == Configurations.LowRes3D ? 0 : 1,
        _ => -1,
    };

    /// <summary>Reads a plans file; a missing or malformed file is an <see cref="InvalidInputException"/> naming it.</summary>
    public static ExperimentPlans Read(string path)
    {
        var plans = PlanningJson.Read<ExperimentPlans>(path, "plans file");
        if (plans.PlansPerStage.Count == 0) throw new InvalidInputException($"{path}: plans_per_stage is empty");
        plans.DatasetProperties.Validate(path);
        return plans;
    }

    /// <summary>Writes the plans as indented JSON (temporary file, then rename).</summary>
    public void Write(string path) => PlanningJson.Write(path, this);

    /// <summary>The JSON text <see cref="Write"/> produces.</summary>
    public string ToJson() => PlanningJson.Serialize(this);
}
