using System.CommandLine;
using NnUNet.Core.Datasets;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Planning;
using NnUNet.Host.Console;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet determine_postprocessing -m CONFIG -t TASK</c> (v1): gathers the validation of every fold into
/// cv_niftis_raw, scores it, and decides the largest-component postprocessing (postprocessing.json).
/// </summary>
public sealed class DeterminePostprocessingCommand : HostCommand
{
    readonly Option<string> configuration = new("-m") { Description = "configuration: 2d, 3d_lowres, 3d_fullres or 3d_cascade_fullres", Required = true };
    readonly Option<string> task = new("-t", "--task") { Description = "task id or name (501, Task501_Name)", Required = true };
    readonly Option<string?> trainer = new("-tr") { Description = $"trainer (default {TrainedConfiguration.DefaultTrainer}, {TrainedConfiguration.DefaultCascadeTrainer} for 3d_cascade_fullres)" };
    readonly Option<string> plans = new("-pl") { Description = "plans identifier", DefaultValueFactory = _ => ExperimentPlans.PlansIdentifierV21 };
    readonly Option<string> validation = new("-val") { Description = "validation folder inside each fold", DefaultValueFactory = _ => FoldConsolidation.ValidationRawFolderName };
    readonly Option<int[]> folds = new("-f", "--folds") { Description = "folds to gather", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. FoldConsolidation.DefaultFolds] };
    readonly FolderOptions folders;

    public DeterminePostprocessingCommand() : base("determine_postprocessing",
        "Consolidate the folds of a trained configuration and decide its largest-component postprocessing")
    {
        foreach (Option option in new Option[] { configuration, task, trainer, plans, validation, folds }) Options.Add(option);
        folders = new FolderOptions(this);
    }

    public override int Execute(CommandContext context)
    {
        NnUNetPaths paths = folders.Resolve(context);
        string config = context.Get(configuration)!;
        TaskFolder taskFolder = TrainedConfiguration.FindTask(paths, context.Get(task)!, [config]);
        string trainerName = context.Get(trainer) ?? (config == Configurations.CascadeFullRes3D ? TrainedConfiguration.DefaultCascadeTrainer : TrainedConfiguration.DefaultTrainer);
        string folder = paths.TrainingOutputFolder(config, taskFolder.Name, trainerName, context.Get(plans)!);
        string? gt = FoldConsolidation.GtSegmentationsFolder(paths, taskFolder.Name);

        var determination = context.Console.RunWithProgress($"postprocessing {config}", progress =>
        {
            var options = new EvaluationOptions { Progress = progress, CancellationToken = context.CancellationToken };
            FoldConsolidation.Consolidate(folder, gt, context.Get(folds)!, context.Get(validation)!, options);
            return PostprocessingPlanner.Determine(folder, Path.Combine(folder, FoldConsolidation.ReferenceFolderName),
                FoldConsolidation.CrossValidationRawFolderName, FoldConsolidation.CrossValidationPostprocessedFolderName, options);
        });
        context.Console.Table(DecisionTable(determination));
        context.Console.Info($"for_which_classes: {determination.Postprocessing}");
        context.Console.Info($"written: {Path.Combine(folder, Postprocessing.FileName)}");
        return ExitCodes.Success;
    }

    /// <summary>Mean Dice per class: raw, merged foreground kept largest, each class kept largest.</summary>
    internal static OutputTable DecisionTable(PostprocessingDetermination d)
    {
        var table = new OutputTable($"Mean Dice over {d.NumSamples} cases", "Class", "raw", "largest foreground component", "largest component per class");
        foreach (var (label, raw) in d.DicePerClassRaw.OrderBy(p => p.Key))
            table.AddRow(label.ToString(System.Globalization.CultureInfo.InvariantCulture), EvaluateFolderCommand.Format(raw),
                EvaluateFolderCommand.Format(d.DicePerClassAllMerged.GetValueOrDefault(label, double.NaN)),
                d.DicePerClassPerClass.TryGetValue(label, out double perClass) ? EvaluateFolderCommand.Format(perClass) : "-");
        return table;
    }
}
