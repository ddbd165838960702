using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.IO;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// nnU-Net v1's <c>consolidate_folds</c> (spec §9, §11) on a trainer folder
/// (<c>RESULTS_FOLDER/nnUNet/CONFIG/TASK/TRAINER__PLANS</c>): gathers <c>fold_X/validation_raw/*.nii.gz</c> of every
/// fold into <c>cv_niftis_raw/</c> and scores it against <c>gt_niftis/</c> (filled from the preprocessed task's
/// gt_segmentations when given). v1 then determines postprocessing on it: <see cref="PostprocessingPlanner.Determine"/>
/// with <see cref="CrossValidationRawFolderName"/> and <see cref="CrossValidationPostprocessedFolderName"/>.
/// </summary>
public static class FoldConsolidation
{
    public const string ValidationRawFolderName = "validation_raw";
    public const string CrossValidationRawFolderName = "cv_niftis_raw";
    public const string CrossValidationPostprocessedFolderName = "cv_niftis_postprocessed";
    public const string ReferenceFolderName = "gt_niftis";

    /// <summary>The preprocessed task's copy of the raw labels (spec §5).</summary>
    public const string GtSegmentationsFolderName = "gt_segmentations";

    /// <summary>The folds of v1's default 5-fold cross-validation.</summary>
    public static IReadOnlyList<int> DefaultFolds { get; } = [0, 1, 2, 3, 4];

    /// <summary>The preprocessed task's gt_segmentations/, or null when the preprocessed folder is not set or lacks it.</summary>
    public static string? GtSegmentationsFolder(NnUNetPaths paths, string taskName)
    {
        if (paths.PreprocessedRoot is null) return null;
        string folder = Path.Combine(paths.PreprocessedRoot, taskName, GtSegmentationsFolderName);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>The folder of fold <paramref name="fold"/> in a trainer folder.</summary>
    public static string FoldFolder(string trainerFolder, int fold) =>
        Path.Combine(trainerFolder, "fold_" + fold.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Consolidates the folds and returns the summary of <c>cv_niftis_raw</c>. The labels scored are those of the
    /// first fold's validation summary.json (v1). Every reference case must have exactly one validation prediction
    /// among the folds; a missing fold, validation or case is an <see cref="InvalidInputException"/> naming it.
    /// </summary>
    /// <param name="trainerFolder">The trainer folder holding fold_X/.</param>
    /// <param name="gtSegmentationsFolder">The preprocessed task's gt_segmentations/, copied into gt_niftis/; null when
    /// gt_niftis/ is already complete.</param>
    /// <param name="folds">The folds to gather.</param>
    /// <param name="validationFolderName">The validation folder inside each fold.</param>
    /// <param name="options">Parallelism, progress and cancellation.</param>
    public static EvaluationSummary Consolidate(string trainerFolder, string? gtSegmentationsFolder, IReadOnlyList<int> folds,
        string validationFolderName = ValidationRawFolderName, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        if (!Directory.Exists(trainerFolder)) throw new InvalidInputException($"{trainerFolder}: trainer folder not found.");
        if (folds.Count == 0) throw new InvalidInputException("No folds to consolidate.");

        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal); // case file -> validation prediction
        foreach (int fold in folds)
        {
            string foldFolder = FoldFolder(trainerFolder, fold);
            if (!Directory.Exists(foldFolder))
                throw new InvalidInputException($"{foldFolder}: fold {fold} is missing; train every fold before consolidating.");
            string validation = Path.Combine(foldFolder, validationFolderName);
            if (!File.Exists(Path.Combine(validation, EvaluationSummary.FileName)))
                throw new InvalidInputException($"{validation}: the validation of fold {fold} is missing or did not finish (no summary.json); rerun it.");
            foreach (string file in FolderEvaluator.ListCases(validation, "validation"))
            {
                if (sources.TryGetValue(file, out string? other))
                    throw new InvalidInputException($"{Path.Combine(validation, file)}: case validated twice (also {other}); folds must validate disjoint cases.");
                sources[file] = Path.Combine(validation, file);
            }
        }
        var labels = EvaluationSummary.Read(Path.Combine(FoldFolder(trainerFolder, folds[0]), validationFolderName, EvaluationSummary.FileName)).Labels;

        string references = Path.Combine(trainerFolder, ReferenceFolderName);
        if (gtSegmentationsFolder != null) MirrorReferences(gtSegmentationsFolder, references);
        if (!Directory.Exists(references))
            throw new InvalidInputException($"{references}: not found, and no preprocessed gt_segmentations folder to fill it from.");
        var missing = FolderEvaluator.ListCases(references, "reference").Where(f => !sources.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException(
                $"{trainerFolder}: no validation prediction for {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")} " +
                $"in folds {string.Join(", ", folds)}; train and validate every fold first.");

        // The summary is written last: a cv_niftis_raw/ without one is an unfinished consolidation.
        string raw = Path.Combine(trainerFolder, CrossValidationRawFolderName);
        AtomicFolder.Replace(raw, staging =>
        {
            foreach (var (file, source) in sources) File.Copy(source, Path.Combine(staging, file));
        });
        return FolderEvaluator.EvaluateFolder(references, raw, labels, options);
    }

    /// <summary>Copies every reference of <paramref name="source"/> that <paramref name="target"/> lacks (atomically per file).</summary>
    static void MirrorReferences(string source, string target)
    {
        var files = FolderEvaluator.ListCases(source, "gt_segmentations");
        Directory.CreateDirectory(target);
        foreach (string file in files)
        {
            string destination = Path.Combine(target, file);
            if (File.Exists(destination)) continue;
            string from = Path.Combine(source, file);
            AtomicFile.Write(destination, stream => { using var input = File.OpenRead(from); input.CopyTo(stream); });
        }
    }
}
