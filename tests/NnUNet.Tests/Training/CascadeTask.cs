using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Tests.Preprocessing;
using NnUNet.Tests.TestSupport;
using TorchSharp;

namespace NnUNet.Tests.Training;

/// <summary>
/// A tiny raw 3D task preprocessed with two stages (3d_lowres at twice the 3d_fullres spacing, tiny networks) and the
/// whole cascade trained on it once: 3d_lowres folds 0 and 1 of a 2-fold split (their out-of-fold predictions fill
/// pred_next_stage/), then 3d_cascade_fullres folds 0 and 1, each 1 epoch of 3 iterations with --npz validation.
/// The planner itself only plans a 3d_lowres stage for median cases of millions of voxels (see
/// ExperimentPlannerTests), so the stages are derived from its single-stage plan, as a user editing a plans file
/// would. x is the coarse axis, so the plans transpose the volumes and cropping removes the cylinder's corners:
/// the cascade input has to follow both.
/// </summary>
public sealed class CascadeTask : IDisposable
{
    public const string TaskName = "Task503_Cascade";
    public const string LowresTrainer = "TestTrainer";
    public const string CascadeTrainer = "TestCascadeTrainer";
    public static readonly string[] Cases = ["case_00", "case_01", "case_02", "case_03"];
    static readonly int[] Shape = [14, 22, 18];

    readonly TempDirectory _temp = new("nnunet-cascade");
    readonly PreprocessingTaskBuilder _raw;

    public CascadeTask()
    {
        torch.set_num_threads(1);
        _raw = new PreprocessingTaskBuilder(_temp, TaskName).WithCases(Cases.Length, Shape, _ => [1.0, 1.0, 1.7], "MR");
        var dataset = DatasetDescription.Read(_raw.Folder);
        var planned = ExperimentPlanner.Plan(FingerprintExtractor.Extract(dataset, threads: 2)).Plans3D!;
        var fullres = planned.PlansPerStage[^1] with
        {
            BatchSize = 2,
            PatchSize = [8, 16, 16],
            NumPoolPerAxis = [1, 2, 2],
            PoolOpKernelSizes = [[1, 2, 2], [2, 2, 2]],
            ConvKernelSizes = [[1, 3, 3], [3, 3, 3], [3, 3, 3]],
            DoDummy2DDataAug = false,
        };
        var lowres = fullres with { CurrentSpacing = [.. fullres.CurrentSpacing.Select(s => 2 * s)] };
        Plans = planned with { PlansPerStage = [lowres, fullres], BaseNumFeatures = 4 };

        Directory.CreateDirectory(TaskDirectory);
        Plans.Write(Path.Combine(TaskDirectory, ExperimentPlans.FileName3D));
        for (int stage = 0; stage < 2; stage++)
            PlanAndPreprocess.PreprocessStage(dataset, Plans, stage, StageFolder(stage), threads: 2);
        Directory.CreateDirectory(Path.Combine(TaskDirectory, FoldConsolidation.GtSegmentationsFolderName));
        foreach (var c in dataset.Training)
            File.Copy(c.Label!, Path.Combine(TaskDirectory, FoldConsolidation.GtSegmentationsFolderName, c.Id + ".nii.gz"));
        SplitsFile.Write(Path.Combine(TaskDirectory, SplitsFile.FileName),
            [new FoldSplit([Cases[2], Cases[3]], [Cases[0], Cases[1]]), new FoldSplit([Cases[0], Cases[1]], [Cases[2], Cases[3]])]);

        foreach (string fold in new[] { "0", "1" })
            Trainer().Run(Request(Configurations.LowRes3D, LowresTrainer, fold), null, CancellationToken.None);
        foreach (string fold in new[] { "0", "1" })
            CascadeTrainerInstance().Run(Request(Configurations.CascadeFullRes3D, CascadeTrainer, fold), null, CancellationToken.None);
    }

    /// <summary>The raw image of a case (one channel).</summary>
    public string RawImage(string id) => _raw.Image(id, 0);

    /// <summary>The raw reference label map of a case.</summary>
    public string RawLabel(string id) => _raw.Label(id);

    public ExperimentPlans Plans { get; }
    public string PreprocessedRoot => _temp.Combine("preprocessed");
    public string ResultsRoot => _temp.Combine("results");
    public string TaskDirectory => Path.Combine(PreprocessedRoot, TaskName);
    public string Combine(params string[] parts) => _temp.Combine(parts);
    public string StageFolder(int stage) => Path.Combine(TaskDirectory, PlanAndPreprocess.StageFolderName(Plans, stage));

    public NnUNetPaths Paths => NnUNetPaths.Resolve(new NnUNetFolderOptions(Preprocessed: PreprocessedRoot, Results: ResultsRoot), _ => null);

    public string TrainerFolder(string configuration, string trainer) =>
        Path.Combine(ResultsRoot, NnUNetPaths.NetworkTrainingFolderName, configuration, TaskName, $"{trainer}__{ExperimentPlans.PlansIdentifierV21}");

    public string PredictionsForNextStage => Path.Combine(TrainerFolder(Configurations.LowRes3D, LowresTrainer), PreviousStageSegmentation.FolderName);

    /// <summary>The lowres trainer: 1 epoch of 3 iterations, validated.</summary>
    public static NnUNetTrainer Trainer() => new TestTrainer(epochs: 1, iterations: 3, validationIterations: 1) { Validate = true };

    /// <summary>The cascade trainer on <see cref="LowresTrainer"/>'s predictions.</summary>
    public static NnUNetTrainer CascadeTrainerInstance() => new TestTrainer(epochs: 1, iterations: 3, validationIterations: 1, previousStageTrainer: LowresTrainer) { Validate = true };

    public TrainingRequest Request(string configuration, string trainer, string fold) =>
        new(configuration, TaskName, TaskDirectory, ExperimentPlans.PlansIdentifierV21, TrainerFolder(configuration, trainer), fold,
            Continue: false, ValidationOnly: false, ValidateWithBest: false, SaveProbabilities: true, Deterministic: true, Device: "cpu",
            Architectures: TinyTask.GenericUNetOnly);

    public void Dispose() => _temp.Dispose();
}
