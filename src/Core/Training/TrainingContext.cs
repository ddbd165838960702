using NnUNet.Abstractions;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// What a training run resolved from its <see cref="TrainingRequest"/> before any work: the plans and the
/// configuration's stage, the preprocessed stage folder, the fold's cases, the fold folder and the device. Every
/// problem a user can fix (missing plans or data, unknown configuration, bad fold, missing CUDA) is found here, as one
/// <see cref="InvalidInputException"/> naming the file.
/// </summary>
public sealed class TrainingContext
{
    TrainingContext(TrainingRequest request, ExperimentPlans plans, string plansFile, int stageIndex, string stageFolder,
        FoldSplit split, Device device)
    {
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

    public int InputChannels => Plans.NumModalities;

    /// <summary>
    /// v1's batch Dice rule (spec §7): on for 2d, for 3d_fullres when the plans have a 3d_lowres stage too, and for
    /// 3d_cascade_fullres; off for 3d_lowres and the 3d_fullres of single-stage plans.
    /// </summary>
    public bool BatchDice => Configuration != Configurations.LowRes3D && (IsTwoD || Plans.NumStages > 1);

    /// <summary>The folder name of a fold: fold_0 ... fold_4, fold_all.</summary>
    public static string FoldFolderName(string fold) => $"fold_{fold}";

    /// <summary>Resolves a request; writes splits_final.json into the preprocessed task folder when it does not exist yet.</summary>
    public static TrainingContext Load(TrainingRequest request)
    {
        if (request.Configuration == Configurations.CascadeFullRes3D)
            throw new InvalidInputException(
                $"configuration {Configurations.CascadeFullRes3D} trains on the {Configurations.LowRes3D} predictions of every case, which this version " +
                $"cannot make yet; train {Configurations.LowRes3D} or {Configurations.FullRes3D}");
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
        return new TrainingContext(request, plans, plansFile, stageIndex, stageFolder, split, ParseDevice(request.Device));
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
