using NnUNet.Abstractions;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Inference;
using NnUNet.Core.IO;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Training;

/// <summary>
/// The final validation of a fold (spec §7 "Final validation", v1): every validation case predicted with the sliding
/// window (step 0.5, Gaussian, mirroring along the checkpoint's mirror axes), exported at its original geometry into
/// <c>validation_raw/CASE.nii.gz</c> (with <c>--npz</c> also <c>CASE.npz</c> probabilities for ensembling), scored
/// against the preprocessed task's gt_segmentations into <c>validation_raw/summary.json</c> (labels 0..C-1, v1), then
/// v1's per-fold postprocessing decision (<c>validation_raw_postprocessed/</c>, <c>postprocessing.json</c>) on the
/// references copied into the trainer folder's <c>gt_niftis/</c>. validation_raw/ is built beside the old one and
/// swapped in complete, so a killed validation never leaves a folder that looks finished. The cascade's networks get
/// each case's previous-stage segmentation as one-hot channels after the image channels, as in training.
/// </summary>
public static class FoldValidation
{
    public const string PostprocessedFolderName = "validation_raw_postprocessed";

    /// <summary>Runs the validation with <paramref name="network"/>, described by <paramref name="checkpoint"/>.</summary>
    public static EvaluationSummary Run(TrainingContext context, SegmentationNetwork network, CheckpointInfo checkpoint, TrainingLog log,
        IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var request = context.Request;
        string references = Path.Combine(request.PreprocessedTaskDirectory, FoldConsolidation.GtSegmentationsFolderName);
        var ids = context.Split.Val;
        foreach (string id in ids)
            if (!File.Exists(Reference(references, id)))
                throw new InvalidInputException($"{Reference(references, id)}: reference segmentation of validation case {id} not found; rerun plan_and_preprocess");

        var settings = new SlidingWindowSettings(checkpoint.PatchSize, checkpoint.NumClasses)
        {
            MirrorAxes = checkpoint.MirrorAxes,
            UseMirroring = checkpoint.MirrorAxes.Length > 0,
        };
        var predictor = new SlidingWindowPredictor([network], settings, context.Device);
        var export = new ExportOptions { KeepProbabilities = request.SaveProbabilities };
        int[] labels = [.. Enumerable.Range(0, checkpoint.NumClasses)];
        string validation = Path.Combine(context.FoldFolder, FoldConsolidation.ValidationRawFolderName);
        log.Write($"final validation of {ids.Count} cases with {(settings.UseMirroring ? $"mirroring along axes {string.Join(", ", settings.MirrorAxes)}" : "no mirroring")}" +
                  $"{(request.SaveProbabilities ? ", saving probabilities" : "")}");

        EvaluationSummary? summary = null;
        AtomicFolder.Replace(validation, staging =>
        {
            CasePipeline.Run(ids,
                prepare: id =>
                {
                    using var preprocessed = PreprocessedCase.Open(context.StageFolder, id);
                    var (data, channels) = (preprocessed.ReadData(), preprocessed.Channels);
                    if (context.PreviousStageFolder is { } folder)
                    {
                        using var previous = PreviousStageSegmentation.Open(folder, id);
                        if (!previous.Shape.SequenceEqual(preprocessed.Shape))
                            throw new InvalidInputException($"{PreviousStageSegmentation.HeaderPath(folder, id)}: shape {string.Join("x", previous.Shape)} differs from " +
                                                            $"the preprocessed case's {string.Join("x", preprocessed.Shape)}; rerun the 3d_lowres validation (-val)");
                        (data, channels) = (CascadeInput.Append(data, channels, previous.ReadAll(), context.NumClasses), context.InputChannels);
                    }
                    return (Data: data, Channels: channels, Shape: preprocessed.Shape.ToArray(), preprocessed.Properties);
                },
                compute: (id, c) => (Probabilities: predictor.Predict(c.Data, c.Channels, c.Shape, cancellationToken), c.Properties),
                write: (id, p) => SegmentationExporter.Export(p.Probabilities, checkpoint.NumClasses, p.Properties, context.Plans.TransposeForward, export)
                    .Write(Path.Combine(staging, id + FolderEvaluator.FileSuffix),
                        request.SaveProbabilities ? Path.Combine(staging, id + ProbabilitiesFile.Extension) : null),
                progress, "validation", cancellationToken);
            var options = new EvaluationOptions { CancellationToken = cancellationToken };
            var scored = FolderEvaluator.EvaluatePairs(
                [.. ids.Select(id => (Path.Combine(staging, id + FolderEvaluator.FileSuffix), Reference(references, id)))], labels, options);
            // The summary names the predictions where they are once the folder is swapped in.
            summary = new EvaluationSummary(labels, [.. scored.Cases.Select(c => c with { Test = Path.Combine(validation, Path.GetFileName(c.Test)) })])
            {
                Name = $"{checkpoint.Trainer} {context.Configuration} fold {request.Fold} val tiled True",
                Task = request.TaskName,
            };
            summary.Write(Path.Combine(staging, EvaluationSummary.FileName));
        });
        log.Write($"validation Dice per class: {string.Join(", ", labels.Where(l => l > 0).Select(l => $"{l}: {summary!.MeanDice(l):0.0000}"))}; " +
                  $"foreground mean {summary!.ForegroundMeanDice:0.0000} ({validation})");

        string trainerReferences = Path.Combine(request.OutputDirectory, FoldConsolidation.ReferenceFolderName);
        foreach (string id in ids)
        {
            string target = Reference(trainerReferences, id);
            if (!File.Exists(target)) AtomicFile.Write(target, stream => { using var source = File.OpenRead(Reference(references, id)); source.CopyTo(stream); });
        }
        var decision = PostprocessingPlanner.Determine(context.FoldFolder, trainerReferences, FoldConsolidation.ValidationRawFolderName, PostprocessedFolderName,
            new EvaluationOptions { CancellationToken = cancellationToken });
        log.Write($"postprocessing decided on this fold (v1; prediction uses the one of the whole cross-validation): {decision.Postprocessing}");
        return summary;
    }

    static string Reference(string folder, string id) => Path.Combine(folder, id + FolderEvaluator.FileSuffix);
}
