using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// Scores predictions against references (v1's evaluate_folder and aggregate_scores, spec §10): per case and label
/// the metrics of <see cref="SegmentationMetrics"/>, counted for all labels in one pass, cases in parallel.
/// Validation, postprocessing and model selection all score through here.
/// </summary>
public static class FolderEvaluator
{
    /// <summary>The file ending of the label maps a folder is scored by (v1 lists only .nii.gz).</summary>
    public const string FileSuffix = ".nii.gz";

    /// <summary>
    /// Scores every <c>*.nii.gz</c> of <paramref name="predictionFolder"/> against the file of the same name in
    /// <paramref name="referenceFolder"/> and writes <c>summary.json</c> into the prediction folder. Every reference
    /// needs a prediction and every prediction a reference (v1); a missing one is an error naming it.
    /// </summary>
    public static EvaluationSummary EvaluateFolder(string referenceFolder, string predictionFolder, IReadOnlyList<int> labels,
        EvaluationOptions? options = null)
    {
        var references = ListCases(referenceFolder, "reference");
        var predictions = ListCases(predictionFolder, "prediction");
        if (references.Count == 0) throw new InvalidInputException($"{referenceFolder}: no {FileSuffix} reference files.");
        var missing = references.Except(predictions).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException(
                $"{predictionFolder}: no prediction for {Describe(missing)} (references in {referenceFolder}); every reference case needs a prediction.");
        var extra = predictions.Except(references).ToList();
        if (extra.Count > 0)
            throw new InvalidInputException(
                $"{referenceFolder}: no reference for {Describe(extra)} (predictions in {predictionFolder}); every prediction needs a reference.");
        var pairs = references.Select(f => (Path.Combine(predictionFolder, f), Path.Combine(referenceFolder, f))).ToList();
        EvaluationSummary summary = EvaluatePairs(pairs, labels, options);
        summary.Write(Path.Combine(predictionFolder, EvaluationSummary.FileName));
        return summary;
    }

    /// <summary>Scores (prediction, reference) pairs in parallel; the summary keeps their order (not written).</summary>
    public static EvaluationSummary EvaluatePairs(IReadOnlyList<(string Prediction, string Reference)> pairs, IReadOnlyList<int> labels,
        EvaluationOptions? options = null)
    {
        CheckLabels(labels);
        options ??= EvaluationOptions.Default;
        var cases = new CaseScores[pairs.Count];
        CaseParallel.For(pairs.Count, options, "evaluate", i => Path.GetFileName(pairs[i].Prediction),
            i => cases[i] = EvaluateCase(pairs[i].Prediction, pairs[i].Reference, labels));
        return new EvaluationSummary(labels, cases);
    }

    /// <summary>Scores one prediction file against its reference file.</summary>
    public static CaseScores EvaluateCase(string prediction, string reference, IReadOnlyList<int> labels)
    {
        Image test = LabelMapFile.Read(prediction);
        Image truth = LabelMapFile.Read(reference);
        return CaseScores.FromCounts(prediction, reference, labels, Count(test, truth, labels, prediction, reference));
    }

    /// <summary>The counts of each label after checking that both maps lie on the same grid (files named in errors).</summary>
    public static ConfusionCounts[] Count(Image prediction, Image reference, IReadOnlyList<int> labels, string predictionPath, string referencePath)
    {
        CheckSameGrid(prediction, reference, predictionPath, referencePath);
        return LabelConfusion.Count(prediction.Channel(0), reference.Channel(0), labels);
    }

    /// <summary>
    /// A prediction is scored only on its reference's grid: same shape, and spacing, origin and direction equal
    /// within the tolerance the dataset integrity check applies to images and labels (numpy isclose).
    /// </summary>
    public static void CheckSameGrid(Image prediction, Image reference, string predictionPath, string referencePath)
    {
        string? problem = null;
        if (!prediction.Shape.SequenceEqual(reference.Shape))
            problem = $"shape {GeometryCheck.Format(prediction.Shape)} vs {GeometryCheck.Format(reference.Shape)}";
        else if (!GeometryCheck.IsClose(prediction.Geometry.Spacing, reference.Geometry.Spacing))
            problem = $"spacing {GeometryCheck.Format(prediction.Geometry.Spacing)} vs {GeometryCheck.Format(reference.Geometry.Spacing)}";
        else if (!GeometryCheck.IsClose(prediction.Geometry.Origin, reference.Geometry.Origin))
            problem = $"origin {GeometryCheck.Format(prediction.Geometry.Origin)} vs {GeometryCheck.Format(reference.Geometry.Origin)}";
        else if (!GeometryCheck.IsClose(prediction.Geometry.Direction, reference.Geometry.Direction))
            problem = $"direction {GeometryCheck.Format(prediction.Geometry.Direction)} vs {GeometryCheck.Format(reference.Geometry.Direction)}";
        if (problem != null)
            throw new InvalidInputException($"{predictionPath}: does not match the grid of its reference {referencePath}: {problem}.");
    }

    /// <summary>The <c>*.nii.gz</c> file names directly in <paramref name="folder"/>, sorted ordinally.</summary>
    public static List<string> ListCases(string folder, string what)
    {
        if (!Directory.Exists(folder)) throw new InvalidInputException($"{folder}: {what} folder not found.");
        return Directory.EnumerateFiles(folder, "*" + FileSuffix)
            .Select(Path.GetFileName).OfType<string>()
            .Where(f => f.EndsWith(FileSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }

    static void CheckLabels(IReadOnlyList<int> labels)
    {
        if (labels.Count == 0) throw new InvalidInputException("No labels to evaluate: give at least one (e.g. -l 1 2).");
        var twice = labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1);
        if (twice != null) throw new InvalidInputException($"Label {twice.Key} is given twice.");
    }

    static string Describe(List<string> files) =>
        files.Count <= 5 ? string.Join(", ", files) : $"{string.Join(", ", files.Take(5))} and {files.Count - 5} more";
}
