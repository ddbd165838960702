namespace NnUNet.Core.Inference;

/// <summary>What <see cref="FolderPrediction"/> predicts and how (v1 <c>nnUNet_predict</c> options, spec §8, §11).</summary>
public sealed record PredictionRequest
{
    /// <summary>Folder of CASE_XXXX.nii.gz files (one per channel, as imagesTs).</summary>
    public required string InputFolder { get; init; }

    /// <summary>Where CASE.nii.gz (and with <see cref="SaveProbabilities"/> CASE.npz + CASE.json) are written.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>Test-time mirroring (off: <c>--disable_tta</c>).</summary>
    public bool UseMirroring { get; init; } = true;

    public double StepSize { get; init; } = SlidingWindowSteps.DefaultStepSize;

    /// <summary>Also save the probabilities for ensembling (<c>--save_npz</c>).</summary>
    public bool SaveProbabilities { get; init; }

    /// <summary>Apply the model folder's postprocessing.json when it has one (v1 does by default).</summary>
    public bool ApplyPostprocessing { get; init; } = true;

    /// <summary>For 3d_cascade_fullres: the folder of the 3d_lowres segmentations (CASE.nii.gz).</summary>
    public string? LowResolutionFolder { get; init; }

    /// <summary>Network inputs per forward pass.</summary>
    public int BatchSize { get; init; } = SlidingWindowSettings.DefaultBatchSize;
}
