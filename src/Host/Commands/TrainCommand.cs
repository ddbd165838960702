using System.CommandLine;
using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Planning;
using NnUNet.Core.Training;
using NnUNet.Host.Plugins;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet train CONFIGURATION TRAINER TASK FOLD</c> (v1 nnUNet_train, spec §11): trains one fold with a trainer from
/// the plugin catalog into <c>$RESULTS_FOLDER/nnUNet/CONFIGURATION/TaskXXX_Name/TRAINER__PLANS/fold_FOLD/</c>.
/// Ctrl+C stops after the current iteration; the checkpoints written so far stay intact for -c.
/// </summary>
public sealed class TrainCommand : HostCommand
{
    readonly Argument<string> configuration = new("CONFIGURATION") { Description = "2d, 3d_fullres, 3d_lowres or 3d_cascade_fullres" };
    readonly Argument<string> trainer = new("TRAINER") { Description = "trainer name, e.g. nnUNetTrainerV2 ('nnunet plugins' lists them)" };
    readonly Argument<string> task = new("TASK") { Description = "task id or name (501, Task501_Name)" };
    readonly Argument<string> fold = new("FOLD") { Description = "fold number (0-4, or any fold of splits_final.json) or 'all'" };
    readonly Option<bool> continueTraining = new("-c", "--continue_training") { Description = "continue from the newest checkpoint (final > latest > best)" };
    readonly Option<bool> validationOnly = new("-val", "--validation_only") { Description = "skip training; only run the final validation" };
    readonly Option<bool> validateWithBest = new("--valbest") { Description = "validate with model_best instead of model_final_checkpoint" };
    readonly Option<bool> npz = new("--npz") { Description = "also save the softmax probabilities of the validation cases (needed for ensembling)" };
    readonly Option<bool> disableNextStage = new("--disable_next_stage_pred") { Description = "3d_lowres: do not write the out-of-fold predictions 3d_cascade_fullres trains on" };
    readonly Option<bool> deterministic = new("--deterministic") { Description = "seed every random source so that a run can be repeated exactly" };
    readonly Option<string> device = new("--device") { Description = "cpu, cuda or cuda:N (cuda needs the CUDA build, see README)", DefaultValueFactory = _ => "cpu" };
    readonly Option<string> plans = new("-p", "--plans") { Description = "plans identifier", DefaultValueFactory = _ => ExperimentPlans.PlansIdentifierV21 };
    readonly FolderOptions folders;

    public TrainCommand() : base("train", "Train one fold of a configuration with a trainer plugin (nnUNet_train)")
    {
        configuration.AcceptOnlyFromAmong([.. Configurations.All]);
        foreach (var argument in new[] { configuration, trainer, task, fold }) Arguments.Add(argument);
        foreach (var option in new Option[] { continueTraining, validationOnly, validateWithBest, npz, disableNextStage, deterministic, device, plans }) Options.Add(option);
        folders = new FolderOptions(this);
    }

    public override int Execute(CommandContext context)
    {
        string foldName = context.Get(fold)!;
        if (foldName != CrossValidation.AllFold && !int.TryParse(foldName, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new InvalidInputException($"FOLD '{foldName}' is neither a fold number (0, 1, ...) nor '{CrossValidation.AllFold}'");
        NnUNetPaths paths = folders.Resolve(context);
        TaskFolder taskFolder = paths.FindPreprocessedTask(context.Get(task)!);
        string trainerName = context.Get(trainer)!, plansIdentifier = context.Get(plans)!, config = context.Get(configuration)!;
        PluginCatalog catalog = context.Plugins;
        PluginExport<ITrainer, PluginMetadata> export = catalog.Trainer(trainerName);
        string output = paths.TrainingOutputFolder(config, taskFolder.Name, trainerName, plansIdentifier);

        var request = new TrainingRequest(config, taskFolder.Name, taskFolder.Path, plansIdentifier, output, foldName,
            Continue: context.Get(continueTraining), ValidationOnly: context.Get(validationOnly), ValidateWithBest: context.Get(validateWithBest),
            SaveProbabilities: context.Get(npz), Deterministic: context.Get(deterministic), Device: context.Get(device)!,
            Architectures: name => catalog.Architecture(name).Create())
        {
            DisableNextStagePrediction = context.Get(disableNextStage),
        };
        context.Console.Info($"{trainerName}: {taskFolder.Name} {config} fold {foldName} -> {Path.Combine(output, TrainingContext.FoldFolderName(foldName))}");
        ITrainer instance = export.Create();
        TrainingProgressDisplay.Run(context.Console, progress => instance.Run(request, progress, context.CancellationToken));
        context.Console.Info("done");
        return ExitCodes.Success;
    }
}
