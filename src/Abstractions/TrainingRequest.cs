namespace NnUNet.Abstractions;

/// <summary>Everything a trainer needs for one run of <c>nnunet train</c>.</summary>
/// <param name="Configuration">"2d", "3d_fullres", "3d_lowres" or "3d_cascade_fullres".</param>
/// <param name="TaskName">TaskXXX_Name.</param>
/// <param name="PreprocessedTaskDirectory">$nnUNet_preprocessed/TaskXXX_Name (plans, splits, preprocessed data).</param>
/// <param name="PlansIdentifier">e.g. "nnUNetPlansv2.1".</param>
/// <param name="OutputDirectory">The trainer folder (.../&lt;config&gt;/TaskXXX_Name/&lt;Trainer&gt;__&lt;plans&gt;); folds go below it.</param>
/// <param name="Fold">"0".."4" (any number a splits file has) or "all".</param>
/// <param name="Continue">Resume from the newest checkpoint (-c).</param>
/// <param name="ValidationOnly">Skip training and only validate (-val).</param>
/// <param name="ValidateWithBest">Validate with model_best instead of model_final_checkpoint (--valbest).</param>
/// <param name="SaveProbabilities">Also save softmax probabilities of validation cases (--npz).</param>
/// <param name="Deterministic">Seed every random source so a run can be repeated exactly.</param>
/// <param name="Device">"cpu" or "cuda" (or "cuda:N").</param>
/// <param name="Architectures">Finds a network architecture plugin by name; throws InvalidInputException for unknown names.</param>
public sealed record TrainingRequest(
    string Configuration,
    string TaskName,
    string PreprocessedTaskDirectory,
    string PlansIdentifier,
    string OutputDirectory,
    string Fold,
    bool Continue,
    bool ValidationOnly,
    bool ValidateWithBest,
    bool SaveProbabilities,
    bool Deterministic,
    string Device,
    Func<string, INetworkArchitecture> Architectures)
{
    /// <summary>
    /// 3d_lowres only: skip writing the out-of-fold predictions for 3d_cascade_fullres after the validation
    /// (--disable_next_stage_pred).
    /// </summary>
    public bool DisableNextStagePrediction { get; init; }
}
