using System.CommandLine;
using NnUNet.Core.Evaluation;
using NnUNet.Host.Console;

namespace NnUNet.Host.Commands;

/// <summary><c>nnunet evaluate_folder -ref REF -pred PRED -l 1 2</c>: v1 metrics per case and label, summary.json in PRED.</summary>
public sealed class EvaluateFolderCommand : HostCommand
{
    readonly Option<string> reference = new("-ref") { Description = "folder of reference (ground truth) label maps (.nii.gz)", Required = true };
    readonly Option<string> prediction = new("-pred") { Description = "folder of predicted label maps of the same names; summary.json is written here", Required = true };
    readonly Option<int[]> labels = new("-l") { Description = "labels to score, e.g. -l 1 2 (0 is background)", Required = true, AllowMultipleArgumentsPerToken = true };

    public EvaluateFolderCommand() : base("evaluate_folder",
        "Score predicted label maps against references: Dice, Jaccard, precision, recall, ... per case and label (v1 summary.json)")
    {
        Options.Add(reference);
        Options.Add(prediction);
        Options.Add(labels);
    }

    public override int Execute(CommandContext context)
    {
        string predictionFolder = context.Get(prediction)!;
        EvaluationSummary summary = context.Console.RunWithProgress("evaluate", progress =>
            FolderEvaluator.EvaluateFolder(context.Get(reference)!, predictionFolder, context.Get(labels)!,
                new EvaluationOptions { Progress = progress, CancellationToken = context.CancellationToken }));
        context.Console.Table(MeanTable(summary, $"Mean over {summary.Cases.Count} cases"));
        context.Console.Info($"written: {Path.Combine(Path.GetFullPath(predictionFolder), EvaluationSummary.FileName)}");
        return ExitCodes.Success;
    }

    /// <summary>The main metrics of each label and of the foreground mean.</summary>
    internal static OutputTable MeanTable(EvaluationSummary summary, string title)
    {
        string[] metrics = [SegmentationMetrics.Dice, SegmentationMetrics.Jaccard, SegmentationMetrics.Precision, SegmentationMetrics.Recall];
        var table = new OutputTable(title, ["Label", .. metrics]);
        foreach (int label in summary.Labels)
            table.AddRow([label.ToString(System.Globalization.CultureInfo.InvariantCulture), .. metrics.Select(m => Format(summary.Mean[label][m]))]);
        if (summary.ForegroundMean.Count > 0)
            table.AddRow(["foreground mean", .. metrics.Select(m => Format(summary.ForegroundMean[m]))]);
        return table;
    }

    /// <summary>A score with 4 decimals, NaN as "NaN".</summary>
    internal static string Format(double value) => value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
}
