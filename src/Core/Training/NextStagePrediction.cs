using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Training;

/// <summary>
/// What a 3d_lowres fold leaves for 3d_cascade_fullres after its final validation (spec §7 "Final validation", v1
/// predict_next_stage): for every validation case, the segmentation just exported into validation_raw/ taken to the
/// case's 3d_fullres preprocessed grid (<see cref="CascadeInput.ToStageGrid"/>, the same step prediction applies to a
/// 3d_lowres output) and stored in the trainer folder's <c>pred_next_stage/</c> (<see cref="PreviousStageSegmentation"/>).
/// The folds validate disjoint cases, so once every fold is trained every training case has an out-of-fold
/// prediction. Fold <c>all</c> writes nothing: it validates on its own training cases, and such in-sample
/// predictions would teach the cascade a far better input than it gets at test time.
/// </summary>
public static class NextStagePrediction
{
    /// <summary>Writes pred_next_stage/ for the fold's validation cases (after <see cref="FoldValidation.Run"/>).</summary>
    public static void Run(TrainingContext context, CheckpointInfo checkpoint, TrainingLog log, IProgress<ProgressUpdate>? progress,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.Fold == CrossValidation.AllFold)
        {
            log.Write($"fold {CrossValidation.AllFold} validates on its own training cases: no out-of-fold predictions written to " +
                      $"{PreviousStageSegmentation.FolderName}/ (they come from the numbered folds)");
            return;
        }
        var plans = context.Plans;
        var fullres = plans.GetStage(Configurations.FullRes3D);
        int stage = Enumerable.Range(0, plans.NumStages).First(i => ReferenceEquals(plans.PlansPerStage[i], fullres));
        string stageFolder = Path.Combine(request.PreprocessedTaskDirectory, $"{plans.DataIdentifier}_stage{stage}");
        string validation = Path.Combine(context.FoldFolder, FoldConsolidation.ValidationRawFolderName);
        string target = Path.Combine(request.OutputDirectory, PreviousStageSegmentation.FolderName);
        string source = $"{context.Configuration} {checkpoint.Trainer} fold {request.Fold} ({checkpoint.EpochsCompleted} epochs)";
        var ids = context.Split.Val;

        var options = new EvaluationOptions { CancellationToken = cancellationToken, Progress = progress };
        CaseParallel.For(ids.Count, options, "predictions for the next stage", i => ids[i], i =>
        {
            string id = ids[i];
            string file = Path.Combine(validation, id + FolderEvaluator.FileSuffix);
            if (!File.Exists(PreprocessedCase.HeaderPath(stageFolder, id)))
                throw new InvalidInputException($"{PreprocessedCase.HeaderPath(stageFolder, id)}: the {Configurations.FullRes3D} stage of case {id} is missing; rerun plan_and_preprocess");
            using var next = PreprocessedCase.Open(stageFolder, id);
            var labels = NiftiReader.Read(file);
            var onStage = CascadeInput.ToStageGrid(labels.Data, labels.Shape, next.Properties, plans.TransposeForward, file);
            if (onStage.Length != next.Shape[0] * next.Shape[1] * next.Shape[2])
                throw new InvalidInputException($"{PreprocessedCase.HeaderPath(stageFolder, id)}: its properties do not describe its arrays; rerun plan_and_preprocess");
            PreviousStageSegmentation.Write(target, id, onStage, [.. next.Shape], source);
        });
        log.Write($"{ids.Count} out-of-fold predictions for {Configurations.CascadeFullRes3D} written to {target}");
    }
}
