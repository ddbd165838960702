using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Imaging;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Training;

/// <summary>
/// A tiny preprocessed task written straight to disk (plans + stage folder of cases), small enough to train a few
/// iterations in a second: one channel, one foreground label in a random box that is brighter than the background,
/// so a network learns it quickly. <see cref="Request"/> builds the trainer's request against it.
/// </summary>
internal sealed class TinyTask : IDisposable
{
    public const string TaskName = "Task900_Tiny";
    const float ForegroundIntensity = 2.5f;
    const float NoiseStd = 0.4f;

    readonly TempDirectory _root = new("nnunet-tiny-task");

    TinyTask(bool twoD) => IsTwoD = twoD;

    public bool IsTwoD { get; }
    public string Root => _root.Path;
    public string PreprocessedRoot => _root.Combine("preprocessed");
    public string TaskDirectory => Path.Combine(PreprocessedRoot, TaskName);
    public string ResultsRoot => _root.Combine("results");
    public string GtSegmentations => Path.Combine(TaskDirectory, "gt_segmentations");
    public string Configuration => IsTwoD ? Configurations.TwoD : Configurations.FullRes3D;
    public IReadOnlyList<string> CaseIds { get; private set; } = [];

    /// <summary>3D plans: patch 8x16x16, pools [1,2,2] [2,2,2], batch 2, 8 base features; cases 10x24x24.</summary>
    public static TinyTask Create3D(int cases = 6) => new TinyTask(twoD: false).Write(cases, [10, 24, 24], [8, 16, 16],
        [[1, 2, 2], [2, 2, 2]], [[1, 3, 3], [3, 3, 3], [3, 3, 3]], batchSize: 2);

    /// <summary>2D plans: patch 24x24, pools [2,2] [2,2], batch 4, 8 base features; cases 6x28x28 (slices).</summary>
    public static TinyTask Create2D(int cases = 6) => new TinyTask(twoD: true).Write(cases, [6, 28, 28], [24, 24],
        [[2, 2], [2, 2]], [[3, 3], [3, 3], [3, 3]], batchSize: 4);

    /// <summary>A request for <paramref name="trainerName"/>'s folder; architectures resolve to GenericUNet only.</summary>
    public TrainingRequest Request(string trainerName = "TestTrainer", string fold = "0", bool resume = false, bool validationOnly = false,
        bool deterministic = true, bool saveProbabilities = false, Func<string, INetworkArchitecture>? architectures = null) =>
        new(Configuration, TaskName, TaskDirectory, ExperimentPlans.PlansIdentifierV21, OutputDirectory(trainerName), fold,
            Continue: resume, ValidationOnly: validationOnly, ValidateWithBest: false, SaveProbabilities: saveProbabilities, Deterministic: deterministic,
            Device: "cpu", Architectures: architectures ?? GenericUNetOnly);

    public string OutputDirectory(string trainerName) =>
        Path.Combine(ResultsRoot, "nnUNet", Configuration, TaskName, $"{trainerName}__{ExperimentPlans.PlansIdentifierV21}");

    public string FoldFolder(string trainerName, string fold = "0") => Path.Combine(OutputDirectory(trainerName), $"fold_{fold}");

    public static INetworkArchitecture GenericUNetOnly(string name) =>
        name == GenericUNetArchitecture.Name ? new GenericUNetArchitecture() : throw new InvalidInputException($"no network architecture named '{name}'");

    TinyTask Write(int cases, int[] shape, int[] patch, int[][] pools, int[][] kernels, int batchSize)
    {
        string dataIdentifier = IsTwoD ? ExperimentPlans.DataIdentifier2D : ExperimentPlans.DataIdentifier3D;
        string stageFolder = Path.Combine(TaskDirectory, dataIdentifier + "_stage0");
        Directory.CreateDirectory(stageFolder);
        Directory.CreateDirectory(GtSegmentations);
        var random = new Random(900);
        var ids = new List<string>();
        for (int i = 0; i < cases; i++)
        {
            string id = $"tiny_{i:000}";
            ids.Add(id);
            WriteCase(stageFolder, GtSegmentations, id, shape, random);
        }
        CaseIds = ids;
        var fingerprint = new DatasetFingerprint
        {
            Cases = [.. ids.Select(id => new CaseFingerprint { CaseIdentifier = id, Spacing = [1, 1, 1], ShapeAfterCropping = shape, SizeReduction = 1 })],
            Modalities = ["MR"],
            AllClasses = [1],
        };
        var stage = new StagePlan
        {
            BatchSize = batchSize,
            NumPoolPerAxis = [.. Enumerable.Range(0, patch.Length).Select(a => pools.Count(p => p[a] > 1))],
            PatchSize = patch,
            MedianPatientSizeInVoxels = shape,
            CurrentSpacing = [1, 1, 1],
            OriginalSpacing = [1, 1, 1],
            DoDummy2DDataAug = false,
            PoolOpKernelSizes = pools,
            ConvKernelSizes = kernels,
        };
        var plans = new ExperimentPlans
        {
            PlansIdentifier = ExperimentPlans.PlansIdentifierV21,
            DataIdentifier = dataIdentifier,
            PreprocessorName = IsTwoD ? ExperimentPlans.Preprocessor2D : ExperimentPlans.Preprocessor3D,
            PlansPerStage = [stage],
            NormalizationSchemes = ["nonCT"],
            UseMaskForNorm = [false],
            BaseNumFeatures = 8,
            ConvPerStage = 2,
            TransposeForward = [0, 1, 2],
            TransposeBackward = [0, 1, 2],
            TargetSpacing = [1, 1, 1],
            DatasetProperties = fingerprint,
        };
        plans.Write(Path.Combine(TaskDirectory, IsTwoD ? ExperimentPlans.FileName2D : ExperimentPlans.FileName3D));
        return this;
    }

    /// <summary>
    /// Background noise around 0, a box of label 1 at intensity 2.5 plus noise; every label voxel is a class location.
    /// The raw image is the stored array itself (spacing 1, nothing cropped), so the reference is the same labels.
    /// </summary>
    static void WriteCase(string folder, string gtFolder, string id, int[] shape, Random random)
    {
        int n = shape[0] * shape[1] * shape[2];
        var data = new float[n];
        var seg = new float[n];
        int[] size = [.. shape.Select(s => Math.Max(2, s / 3))];
        int[] lower = [.. shape.Select((s, a) => random.Next(0, s - size[a] + 1))];
        var locations = new List<int[]>();
        for (int z = 0, i = 0; z < shape[0]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[2]; x++, i++)
                {
                    bool inside = z >= lower[0] && z < lower[0] + size[0] && y >= lower[1] && y < lower[1] + size[1] && x >= lower[2] && x < lower[2] + size[2];
                    data[i] = (inside ? ForegroundIntensity : 0) + NoiseStd * (float)Normal(random);
                    seg[i] = inside ? 1 : 0;
                    if (inside) locations.Add([z, y, x]);
                }
        var properties = CaseProperties.AsStored(id, shape) with
        {
            UseNonzeroMaskForNormalization = [false],
            Classes = [0, 1],
            ClassLocations = new Dictionary<int, int[][]> { [1] = [.. locations] },
        };
        PreprocessedCase.Write(folder, data, 1, shape, seg, properties);
        NiftiWriter.Write(Path.Combine(gtFolder, id + ".nii.gz"), new Image(seg, 1, shape, new ImageGeometry([1, 1, 1], [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1])),
            NiftiDataType.UInt8);
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public void Dispose() => _root.Dispose();
}
