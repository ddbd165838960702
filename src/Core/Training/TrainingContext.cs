using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// What a training run resolved from its <see cref="TrainingRequest"/> before any work: the plans and the
/// configuration's stage, the preprocessed stage folder, the fold's cases, the fold folder and the device. Every
/// problem a user can fix (missing plans or data, unknown configuration, bad fold, missing CUDA, for the cascade a
/// missing 3d_lowres prediction) is found here, as one <see cref="InvalidInputException"/> naming the file.
/// </summary>
public sealed class TrainingContext
{
    TrainingContext(TrainingRequest request, ExperimentPlans plans, string plansFile, int stageIndex, string stageFolder,
        FoldSplit split, Device device, string? previousStageFolder)
    {
        PreviousStageFolder = previousStageFolder;
        Request = request;
        Plans = plans;
        PlansFile = plansFile;
        StageIndex = stageIndex;
        Stage = plans.PlansPerStage[stageIndex];
        StageFolder = stageFolder;
        Split = split;
        Device = device;
        FoldFolder = Path.Combine(request.OutputDirectory, FoldFolderName(request.Fold));
    }

    public TrainingRequest Request { get; }
    public ExperimentPlans Plans { get; }

    /// <summary>The plans file read (copied to the trainer folder as plans.json).</summary>
    public string PlansFile { get; }

    public StagePlan Stage { get; }

    /// <summary>Index of <see cref="Stage"/> in the plans (its data is in <c>{data_identifier}_stage{index}</c>).</summary>
    public int StageIndex { get; }

    /// <summary>The preprocessed cases of the stage.</summary>
    public string StageFolder { get; }

    /// <summary>Cases the fold trains and validates on.</summary>
    public FoldSplit Split { get; }

    /// <summary>fold_X below the trainer folder: checkpoints, logs, progress.png, validation.</summary>
    public string FoldFolder { get; }

    public Device Device { get; }

    public string Configuration => Request.Configuration;
    public bool IsTwoD => Stage.PatchSize.Count == 2;

    /// <summary>Network outputs: the plans' foreground classes plus background.</summary>
    public int NumClasses => Plans.NumClasses + 1;

    /// <summary>The image channels, plus one per foreground label of the previous stage for the cascade.</summary>
    public int InputChannels => Plans.NumModalities + (IsCascade ? CascadeInput.Channels(NumClasses) : 0);

    /// <summary>3d_cascade_fullres: the 3d_fullres stage with the 3d_lowres segmentation as extra input channels.</summary>
    public bool IsCascade => Configuration == Configurations.CascadeFullRes3D;

    /// <summary>
    /// For the cascade, the previous stage trainer folder's pred_next_stage/ holding every case of the split
    /// (<see cref="PreviousStageSegmentation"/>); null otherwise.
    /// </summary>
    public string? PreviousStageFolder { get; }

    /// <summary>
    /// v1's batch Dice rule (spec §7): on for 2d, for 3d_fullres when the plans have a 3d_lowres stage too, and for
    /// 3d_cascade_fullres; off for 3d_lowres and the 3d_fullres of single-stage plans.
    /// </summary>
    public bool BatchDice => Configuration != Configurations.LowRes3D && (IsTwoD || Plans.NumStages > 1);

    /// <summary>The folder name of a fold: fold_0 ... fold_4, fold_all.</summary>
    public static string FoldFolderName(string fold) => $"fold_{fold}";

    /// <summary>Resolves a request; writes splits_final.json into the preprocessed task folder when it does not exist yet.</summary>
    /// <param name="previousStageTrainer">For 3d_cascade_fullres: the trainer whose 3d_lowres out-of-fold predictions
    /// are the extra input (v1 nnUNetTrainerV2); null for the other configurations.</param>
    public static TrainingContext Load(TrainingRequest request, string? previousStageTrainer = null)
    {
        if (!Configurations.All.Contains(request.Configuration))
            throw new InvalidInputException($"unknown configuration '{request.Configuration}' (expected one of {string.Join(", ", Configurations.All)})");

        string suffix = request.Configuration == Configurations.TwoD ? "_plans_2D.json" : "_plans_3D.json";
        string plansFile = Path.Combine(request.PreprocessedTaskDirectory, request.PlansIdentifier + suffix);
        if (!File.Exists(plansFile))
            throw new InvalidInputException($"{plansFile}: plans file not found; run plan_and_preprocess for {request.TaskName} (or check -p {request.PlansIdentifier})");
        var plans = ExperimentPlans.Read(plansFile);
        var stage = plans.GetStage(request.Configuration);
        int stageIndex = Enumerable.Range(0, plans.NumStages).First(i => ReferenceEquals(plans.PlansPerStage[i], stage));

        string stageFolder = Path.Combine(request.PreprocessedTaskDirectory, $"{plans.DataIdentifier}_stage{stageIndex}");
        if (!Directory.Exists(stageFolder))
            throw new InvalidInputException($"{stageFolder}: preprocessed data of {request.Configuration} not found; run plan_and_preprocess for {request.TaskName}");
        var caseIds = PreprocessedCase.ListCases(stageFolder);
        if (caseIds.Count == 0) throw new InvalidInputException($"{stageFolder}: holds no preprocessed case");
        var split = CrossValidation.SplitForFold(request.Fold, caseIds, Path.Combine(request.PreprocessedTaskDirectory, SplitsFile.FileName));
        if (split.Val.Count == 0)
            throw new InvalidInputException($"fold {request.Fold} of {Path.Combine(request.PreprocessedTaskDirectory, SplitsFile.FileName)} has no validation case");
        string? previousStage = request.Configuration == Configurations.CascadeFullRes3D
            ? FindPreviousStage(request, previousStageTrainer ?? throw new ArgumentNullException(nameof(previousStageTrainer)), split)
            : null;
        return new TrainingContext(request, plans, plansFile, stageIndex, stageFolder, split, ParseDevice(request.Device), previousStage);
    }

    /// <summary>
    /// The pred_next_stage/ folder of <c>RESULTS/nnUNet/3d_lowres/TASK/PREVIOUS__PLANS</c> beside the cascade's trainer
    /// folder (spec §11), checked to hold a prediction of every case the fold trains or validates on.
    /// </summary>
    static string FindPreviousStage(TrainingRequest request, string previousStageTrainer, FoldSplit split)
    {
        string networkFolder = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(request.OutputDirectory))))!;
        string folder = Path.Combine(networkFolder, Configurations.LowRes3D, request.TaskName, $"{previousStageTrainer}__{request.PlansIdentifier}",
            PreviousStageSegmentation.FolderName);
        string train = $"nnunet train {Configurations.LowRes3D} {previousStageTrainer} {request.TaskName} FOLD";
        if (!Directory.Exists(folder))
            throw new InvalidInputException($"{folder}: not found; {Configurations.CascadeFullRes3D} trains on the out-of-fold {Configurations.LowRes3D} " +
                                            $"predictions of every case: train {Configurations.LowRes3D} for all folds first ({train}, for every fold)");
        string? missing = split.Train.Concat(split.Val).FirstOrDefault(id => !PreviousStageSegmentation.Exists(folder, id));
        if (missing is not null)
        {
            string splits = Path.Combine(request.PreprocessedTaskDirectory, SplitsFile.FileName);
            int fold = FoldValidating(splits, missing, split);
            string command = fold >= 0 ? train.Replace("FOLD", fold.ToString(CultureInfo.InvariantCulture)) : $"{train}, for every fold";
            throw new InvalidInputException($"{PreviousStageSegmentation.HeaderPath(folder, missing)}: no {Configurations.LowRes3D} prediction of case {missing}; " +
                                            $"train {Configurations.LowRes3D} for all folds first ({command}; -val redoes only the validation)");
        }
        return folder;
    }

    /// <summary>The fold of the splits file that validates <paramref name="caseId"/>, or -1.</summary>
    static int FoldValidating(string splitsFile, string caseId, FoldSplit split)
    {
        if (!File.Exists(splitsFile)) return -1;
        var folds = SplitsFile.Read(splitsFile, split.Train.Concat(split.Val).ToHashSet(StringComparer.Ordinal));
        for (int f = 0; f < folds.Count; f++)
            if (folds[f].Val.Contains(caseId)) return f;
        return -1;
    }

    /// <summary>"cpu", "cuda" or "cuda:N"; CUDA needs the CUDA build of the host and a visible GPU.</summary>
    public static Device ParseDevice(string device)
    {
        string name = device.Trim().ToLowerInvariant();
        if (name == "cpu") return CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new InvalidInputException(
                    $"--device {device}: CUDA is not available (this host is built with the CPU libtorch, or no GPU is visible); build with -p:TorchBackend=cuda and check nvidia-smi, or use --device cpu");
            try { return torch.device(name); }
            catch (ArgumentException e) { throw new InvalidInputException($"--device {device}: {e.Message}", e); }
        }
        throw new InvalidInputException($"--device {device}: expected cpu, cuda or cuda:N");
    }
}
