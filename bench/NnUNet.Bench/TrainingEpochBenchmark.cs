using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;

namespace NnUNet.Bench;

/// <summary>
/// Wall time of one default epoch (250 training + 50 validation iterations, augmentation, checkpoints, plot) of the
/// trainer on a tiny generated 3D and 2D task (the size the tests train: 8 base features, patch 16x32x32 / 64x64),
/// for several splits of the cores between torch and the augmentation workers; the split the defaults should pick.
/// Options: --iterations N (250), --only 3d|2d.
/// </summary>
public sealed class TrainingEpochBenchmark : IBenchmark
{
    public string Name => "train-epoch";

    public string Description => "one default epoch of the trainer on a tiny 3D and 2D task, per torch/worker split";

    public void Run(string[] args)
    {
        int iterations = BenchArgs.Int(args, "--iterations", NnUNetTrainer.DefaultIterationsPerEpoch);
        string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        int cores = Environment.ProcessorCount;
        var splits = new[] { new TrainingThreads(cores, 1, 1), new TrainingThreads(Math.Max(1, cores - 1), 1, 1), new TrainingThreads(cores, 2, 1) }.Distinct().ToList();
        Console.WriteLine($"cores {cores}; {iterations} training + {NnUNetTrainer.DefaultValidationIterations} validation iterations per epoch");
        foreach (bool twoD in new[] { false, true })
        {
            if (only is not null && only != (twoD ? "2d" : "3d")) continue;
            string root = Path.Combine(Path.GetTempPath(), $"nnunet-bench-epoch-{Guid.NewGuid():N}");
            try
            {
                var request = WriteTask(root, twoD);
                Console.WriteLine(twoD ? "\n2d: batch 8 x 1 x 64 x 64, 3 pools, 8 base features" : "\n3d: batch 2 x 1 x 16 x 32 x 32, 3 pools, 8 base features");
                foreach (var split in splits)
                {
                    var trainer = new OneEpoch(split, iterations);
                    trainer.Run(request with { OutputDirectory = Path.Combine(root, "results", $"{split.TorchThreads}_{split.TrainingWorkers}") }, null, CancellationToken.None);
                    var epoch = TrainingCheckpoint.Read(Path.Combine(root, "results", $"{split.TorchThreads}_{split.TrainingWorkers}", "fold_0"), TrainingCheckpoint.Final).History.Epochs[0];
                    Console.WriteLine($"  {split}: {epoch.Seconds,6:F1} s/epoch ({1000 * epoch.Seconds / (iterations + NnUNetTrainer.DefaultValidationIterations),5:F0} ms/iteration)");
                }
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The default trainer for one epoch with a fixed thread split, without the final validation.</summary>
    sealed class OneEpoch(TrainingThreads threads, int iterations) : NnUNetTrainer
    {
        protected override int Epochs => 1;
        protected override int IterationsPerEpoch => iterations;
        protected override TrainingThreads ThreadsFor(TorchSharp.torch.Device device) => threads;

        protected override void ValidateFold(TrainingContext context, SegmentationNetwork network, CheckpointInfo checkpoint, TrainingLog log,
            IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken) { }
    }

    /// <summary>Six cases with a bright box of label 1 (as the tests' tiny task) and plans for them.</summary>
    static TrainingRequest WriteTask(string root, bool twoD)
    {
        const string task = "Task990_Bench";
        string taskFolder = Path.Combine(root, task);
        string dataIdentifier = twoD ? ExperimentPlans.DataIdentifier2D : ExperimentPlans.DataIdentifier3D;
        string stageFolder = Path.Combine(taskFolder, dataIdentifier + "_stage0");
        Directory.CreateDirectory(stageFolder);
        int[] shape = twoD ? [16, 96, 96] : [24, 48, 48];
        var random = new Random(990);
        var ids = Enumerable.Range(0, 6).Select(i => $"bench_{i}").ToList();
        foreach (string id in ids) WriteCase(stageFolder, id, shape, random);
        int[] patch = twoD ? [64, 64] : [16, 32, 32];
        int[][] pools = twoD ? [[2, 2], [2, 2], [2, 2]] : [[1, 2, 2], [2, 2, 2], [2, 2, 2]];
        int[][] kernels = twoD ? [[3, 3], [3, 3], [3, 3], [3, 3]] : [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]];
        var plans = new ExperimentPlans
        {
            PlansIdentifier = ExperimentPlans.PlansIdentifierV21,
            DataIdentifier = dataIdentifier,
            PreprocessorName = twoD ? ExperimentPlans.Preprocessor2D : ExperimentPlans.Preprocessor3D,
            PlansPerStage =
            [
                new StagePlan
                {
                    BatchSize = twoD ? 8 : 2, NumPoolPerAxis = [.. patch.Select((_, a) => pools.Count(p => p[a] > 1))], PatchSize = patch,
                    MedianPatientSizeInVoxels = shape, CurrentSpacing = [1, 1, 1], OriginalSpacing = [1, 1, 1], DoDummy2DDataAug = false,
                    PoolOpKernelSizes = pools, ConvKernelSizes = kernels,
                },
            ],
            NormalizationSchemes = ["nonCT"],
            UseMaskForNorm = [false],
            BaseNumFeatures = 8,
            ConvPerStage = 2,
            TransposeForward = [0, 1, 2],
            TransposeBackward = [0, 1, 2],
            TargetSpacing = [1, 1, 1],
            DatasetProperties = new DatasetFingerprint
            {
                Cases = [.. ids.Select(id => new CaseFingerprint { CaseIdentifier = id, Spacing = [1, 1, 1], ShapeAfterCropping = shape, SizeReduction = 1 })],
                Modalities = ["MR"],
                AllClasses = [1],
            },
        };
        plans.Write(Path.Combine(taskFolder, twoD ? ExperimentPlans.FileName2D : ExperimentPlans.FileName3D));
        return new TrainingRequest(twoD ? Configurations.TwoD : Configurations.FullRes3D, task, taskFolder, ExperimentPlans.PlansIdentifierV21,
            Path.Combine(root, "results"), "0", Continue: false, ValidationOnly: false, ValidateWithBest: false, SaveProbabilities: false,
            Deterministic: true, Device: "cpu", Architectures: _ => new GenericUNetArchitecture());
    }

    static void WriteCase(string folder, string id, int[] shape, Random random)
    {
        int n = shape[0] * shape[1] * shape[2];
        var data = new float[n];
        var seg = new float[n];
        int[] size = [.. shape.Select(s => s / 3)];
        int[] lower = [.. shape.Select((s, a) => random.Next(0, s - size[a] + 1))];
        var locations = new List<int[]>();
        for (int z = 0, i = 0; z < shape[0]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[2]; x++, i++)
                {
                    bool inside = z >= lower[0] && z < lower[0] + size[0] && y >= lower[1] && y < lower[1] + size[1] && x >= lower[2] && x < lower[2] + size[2];
                    data[i] = (inside ? 2.5f : 0) + 0.4f * (float)(random.NextDouble() - 0.5);
                    seg[i] = inside ? 1 : 0;
                    if (inside) locations.Add([z, y, x]);
                }
        var properties = CaseProperties.AsStored(id, shape) with
        {
            Classes = [0, 1],
            ClassLocations = new Dictionary<int, int[][]> { [1] = [.. locations] },
        };
        PreprocessedCase.Write(folder, data, 1, shape, seg, properties);
    }
}
