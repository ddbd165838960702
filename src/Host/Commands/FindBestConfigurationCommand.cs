using System.CommandLine;
using System.Globalization;
using NnUNet.Core.Datasets;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Planning;
using NnUNet.Host.Console;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet find_best_configuration -m 2d 3d_fullres ... -t ID</c> (v1, spec §10): scores every trained
/// configuration and pair ensemble by cross-validated foreground Dice, prints the table and the commands to
/// predict with the winner, and writes them to prediction_commands.txt and summary.csv.
/// </summary>
public sealed class FindBestConfigurationCommand : HostCommand
{
    readonly Option<string[]> models = new("-m", "--models")
    {
        Description = "configurations to compare",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [.. Configurations.All],
    };
    readonly Option<string> task = new("-t", "--task") { Description = "task id or name (501, Task501_Name)", Required = true };
    readonly Option<string> trainer = new("-tr") { Description = "trainer of every configuration but the cascade", DefaultValueFactory = _ => TrainedConfiguration.DefaultTrainer };
    readonly Option<string> cascadeTrainer = new("-ctr") { Description = "trainer of 3d_cascade_fullres", DefaultValueFactory = _ => TrainedConfiguration.DefaultCascadeTrainer };
    readonly Option<string> plans = new("-pl") { Description = "plans identifier", DefaultValueFactory = _ => ExperimentPlans.PlansIdentifierV21 };
    readonly Option<int[]> folds = new("-f", "--folds") { Description = "folds of the cross-validation", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. FoldConsolidation.DefaultFolds] };
    readonly Option<bool> strict = new("--strict") { Description = "a configuration that is not trained (or cannot be scored) is an error, not a warning" };
    readonly Option<bool> disableEnsembling = new("--disable_ensembling") { Description = "compare single configurations only" };
    readonly Option<bool> disablePostprocessing = new("--disable_postprocessing") { Description = "do not determine postprocessing for the winner" };
    readonly FolderOptions folders;

    public FindBestConfigurationCommand() : base("find_best_configuration",
        "Pick the best configuration or pair ensemble by cross-validated Dice and print how to predict with it")
    {
        foreach (Option option in new Option[] { models, task, trainer, cascadeTrainer, plans, folds, strict, disableEnsembling, disablePostprocessing })
            Options.Add(option);
        folders = new FolderOptions(this);
    }

    public override int Execute(CommandContext context)
    {
        NnUNetPaths paths = folders.Resolve(context);
        string[] configurations = context.Get(models)!;
        TaskFolder taskFolder = TrainedConfiguration.FindTask(paths, context.Get(task)!, configurations);
        var request = new BestConfigurationRequest
        {
            TaskName = taskFolder.Name,
            Configurations = configurations,
            Trainer = context.Get(trainer)!,
            CascadeTrainer = context.Get(cascadeTrainer)!,
            PlansIdentifier = context.Get(plans)!,
            Folds = context.Get(folds)!,
            Strict = context.Get(strict),
            DisableEnsembling = context.Get(disableEnsembling),
            DisablePostprocessing = context.Get(disablePostprocessing),
        };
        var finder = new BestConfigurationFinder(paths, context.Console.Warning);
        BestConfigurationResult result = context.Console.RunWithProgress($"find_best_configuration {taskFolder.Name}", progress =>
            finder.Run(request, new EvaluationOptions { Progress = progress, CancellationToken = context.CancellationToken }));

        context.Console.Table(ScoreTable(result));
        context.Console.Info($"best: {result.Best.Name} (foreground mean Dice {EvaluateFolderCommand.Format(result.Best.ForegroundDice)})");
        if (result.Postprocessing is { IsEmpty: true })
            context.Console.Info("postprocessing: none (keeping only the largest component did not improve the cross-validation Dice)");
        else if (result.Postprocessing != null)
            context.Console.Info($"postprocessing: for_which_classes {result.Postprocessing} ({Path.Combine(result.Best.Folder, Postprocessing.FileName)})");
        context.Console.Info("predict test cases with (replace the folder placeholders):");
        foreach (string line in result.PredictionCommands.Split('\n', StringSplitOptions.RemoveEmptyEntries)) context.Console.Info("  " + line);
        context.Console.Info($"written: {result.CommandsFile}");
        context.Console.Info($"written: {result.SummaryFile}");
        return ExitCodes.Success;
    }

    static OutputTable ScoreTable(BestConfigurationResult result)
    {
        var columns = new List<string> { "Model" };
        columns.AddRange(result.Classes.Select(c => "class " + c.ToString(CultureInfo.InvariantCulture)));
        columns.Add("foreground mean");
        var table = new OutputTable("Cross-validation Dice (before postprocessing)", [.. columns]);
        foreach (ModelScore candidate in result.Candidates)
        {
            var row = new List<string> { ReferenceEquals(candidate, result.Best) ? candidate.Name + " (best)" : candidate.Name };
            row.AddRange(result.Classes.Select(c => EvaluateFolderCommand.Format(candidate.Summary.MeanDice(c))));
            row.Add(EvaluateFolderCommand.Format(candidate.ForegroundDice));
            table.AddRow([.. row]);
        }
        return table;
    }
}
