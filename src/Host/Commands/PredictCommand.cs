using System.CommandLine;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using TorchSharp;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet predict -i INPUT -o OUTPUT -t TASK [-m 3d_fullres] [-tr nnUNetTrainerV2] [-f 0 1 ...] [-chk CHECKPOINT]
/// [--disable_tta] [--step_size 0.5] [--save_npz] [-l LOWRES_DIR] [--device cpu|cuda]</c> (v1 nnUNet_predict, spec §8):
/// predicts every case of a folder with the trained folds of one configuration, written with each input's geometry.
/// 3d_cascade_fullres without -l first predicts the folder with 3d_lowres (trainer -tr) into OUTPUT/3d_lowres/.
/// </summary>
public sealed class PredictCommand : HostCommand
{
    public const string DefaultTrainer = "nnUNetTrainerV2";
    public const string DefaultCascadeTrainer = "nnUNetTrainerV2CascadeFullRes";

    readonly Option<string> input = new("-i", "--input") { Description = "folder of CASE_XXXX.nii.gz files (one per channel)", Required = true };
    readonly Option<string> output = new("-o", "--output") { Description = "output folder for CASE.nii.gz", Required = true };
    readonly Option<string> task = new("-t", "--task") { Description = "task id or name (501, Task501_Name)", Required = true };
    readonly Option<string> configuration = new("-m", "--model") { Description = "2d, 3d_lowres, 3d_fullres or 3d_cascade_fullres", DefaultValueFactory = _ => Configurations.FullRes3D };
    readonly Option<string?> trainer = new("-tr") { Description = $"trainer (default {DefaultTrainer})" };
    readonly Option<string> cascadeTrainer = new("-ctr") { Description = "trainer of 3d_cascade_fullres", DefaultValueFactory = _ => DefaultCascadeTrainer };
    readonly Option<string> plans = new("-p", "--plans") { Description = "plans identifier", DefaultValueFactory = _ => ExperimentPlans.PlansIdentifierV21 };
    readonly Option<string[]?> folds = new("-f", "--folds") { Description = "folds to average (0 1 2 3 4 or all); default every trained fold", AllowMultipleArgumentsPerToken = true };
    readonly Option<string> checkpoint = new("-chk") { Description = "model_final_checkpoint or model_best", DefaultValueFactory = _ => TrainedModel.FinalCheckpoint };
    readonly Option<bool> disableTta = new("--disable_tta") { Description = "no mirroring at test time (about 8x faster in 3D, 4x in 2D)" };
    readonly Option<double> stepSize = new("--step_size") { Description = "step between tiles as a fraction of the patch", DefaultValueFactory = _ => SlidingWindowSteps.DefaultStepSize };
    readonly Option<bool> saveNpz = new("-z", "--save_npz") { Description = "also save probabilities (CASE.npz + CASE.json) for ensembling" };
    readonly Option<string?> lowres = new("-l", "--lowres_segmentations") { Description = "3d_lowres predictions (for 3d_cascade_fullres; without it 3d_lowres runs first, into OUTPUT/3d_lowres)" };
    readonly Option<string> device = new("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
    readonly Option<bool> disablePostprocessing = new("--disable_postprocessing") { Description = "do not apply the model's postprocessing.json" };
    readonly Option<int> batch = new("--batch") { Description = "network inputs (tiles x mirrors) per forward pass", DefaultValueFactory = _ => SlidingWindowSettings.DefaultBatchSize };
    readonly FolderOptions folders;

    public PredictCommand() : base("predict", "Predict a folder of images with a trained configuration (sliding window, mirroring, fold averaging)")
    {
        foreach (var option in new Option[] { input, output, task, configuration, trainer, cascadeTrainer, plans, folds, checkpoint, disableTta,
                     stepSize, saveNpz, lowres, device, disablePostprocessing, batch })
            Options.Add(option);
        folders = new FolderOptions(this);
    }

    public override int Execute(CommandContext context)
    {
        var paths = folders.Resolve(context);
        string config = context.Get(configuration)!;
        if (!Configurations.All.Contains(config))
            throw new InvalidInputException($"-m {config}: unknown configuration (expected one of {string.Join(", ", Configurations.All)}).");
        double step = context.Get(stepSize);
        if (!(step > 0 && step <= 1)) throw new InvalidInputException($"--step_size {step}: must be in (0, 1].");
        if (context.Get(batch) < 1) throw new InvalidInputException($"--batch {context.Get(batch)}: must be at least 1.");
        var torchDevice = Device(context.Get(device)!);

        string trainerName = config == Configurations.CascadeFullRes3D ? context.Get(cascadeTrainer)! : context.Get(trainer) ?? DefaultTrainer;
        string configFolder = Path.Combine(paths.NetworkTrainingOutputFolder, config);
        TaskFolder taskFolder = TaskLocator.Find(context.Get(task)!, [configFolder]);
        string modelFolder = paths.TrainingOutputFolder(config, taskFolder.Name, trainerName, context.Get(plans)!);
        var model = TrainedModel.Open(modelFolder, config, context.Get(folds) is { Length: > 0 } chosen ? chosen : null, context.Get(checkpoint)!);
        var request = new PredictionRequest
        {
            InputFolder = Path.GetFullPath(context.Get(input)!),
            OutputFolder = Path.GetFullPath(context.Get(output)!),
            UseMirroring = !context.Get(disableTta),
            StepSize = step,
            SaveProbabilities = context.Get(saveNpz),
            ApplyPostprocessing = !context.Get(disablePostprocessing),
            LowResolutionFolder = context.Get(lowres) is { } l ? Path.GetFullPath(l) : null,
            BatchSize = context.Get(batch),
        };

        Func<string, INetworkArchitecture> architectures = name => context.Plugins.Architecture(name).Create();
        TrainedModel? lowresModel = null;
        if (config == Configurations.CascadeFullRes3D && request.LowResolutionFolder is null)
        {
            string lowresFolder = paths.TrainingOutputFolder(Configurations.LowRes3D, taskFolder.Name, context.Get(trainer) ?? DefaultTrainer, context.Get(plans)!);
            if (!Directory.Exists(lowresFolder))
                throw new InvalidInputException($"{lowresFolder}: model folder not found; without -l, {Configurations.CascadeFullRes3D} predicts with " +
                                                $"{Configurations.LowRes3D} (trainer -tr) first: train it, or pass its predictions with -l.");
            lowresModel = TrainedModel.Open(lowresFolder, Configurations.LowRes3D, context.Get(folds) is { Length: > 0 } same ? same : null, context.Get(checkpoint)!);
        }
        if (lowresModel is not null)
        {
            context.Console.Info($"{taskFolder.Name} {Configurations.LowRes3D} first (no -l): folds {string.Join(", ", lowresModel.Folds.Select(f => f.Fold))} of {lowresModel.Folder}");
            string folder = context.Console.RunWithProgress($"predict {taskFolder.Name} {Configurations.LowRes3D}", progress =>
                CascadePrediction.PredictLowResolution(request, lowresModel, architectures, torchDevice, progress, context.CancellationToken));
            context.Console.Info($"{Configurations.LowRes3D} predictions in {folder}");
            request = request with { LowResolutionFolder = folder };
        }

        var networks = model.LoadNetworks(architectures, torchDevice);
        context.Console.Info($"{taskFolder.Name} {config}: folds {string.Join(", ", model.Folds.Select(f => f.Fold))} of {modelFolder}" +
                             (request.UseMirroring ? "" : ", no mirroring") +
                             (model.PostprocessingPath is null || !request.ApplyPostprocessing ? "" : ", with postprocessing.json"));
        try
        {
            var written = context.Console.RunWithProgress($"predict {taskFolder.Name} {config}", progress =>
                FolderPrediction.Run(request, model, networks, torchDevice, progress, context.CancellationToken));
            context.Console.Info($"{written.Count} cases predicted into {request.OutputFolder}");
        }
        finally
        {
            foreach (var network in networks) network.Dispose();
        }
        return ExitCodes.Success;
    }

    static torch.Device Device(string name)
    {
        switch (name)
        {
            case "cpu":
                return torch.CPU;
            case "cuda":
                if (!torch.cuda.is_available())
                    throw new InvalidInputException("--device cuda: no CUDA device is available (this build uses the CPU libtorch unless built with -p:TorchBackend=cuda).");
                return torch.CUDA;
            default:
                throw new InvalidInputException($"--device {name}: expected cpu or cuda.");
        }
    }
}
