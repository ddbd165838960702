using NnUNet.Abstractions;
using NnUNet.Core.Planning;
using static TorchSharp.torch;

namespace NnUNet.Core.Inference;

/// <summary>
/// A trained model folder as prediction reads it, independent of how a trainer works inside
/// (v1 layout, spec §11: <c>&lt;results&gt;/nnUNet/&lt;configuration&gt;/&lt;task&gt;/&lt;trainer&gt;__&lt;plans&gt;/</c>):
/// <list type="bullet">
/// <item><c>plans.json</c>: the <see cref="ExperimentPlans"/> the model was trained with;</item>
/// <item><c>fold_X/&lt;checkpoint&gt;.model</c>: the network's weights as TorchSharp's <c>Module.save</c> writes them
/// (X = 0..4 or all; checkpoint = model_final_checkpoint or model_best);</item>
/// <item><c>fold_X/&lt;checkpoint&gt;.model.json</c>: its <see cref="CheckpointDescription"/>;</item>
/// <item><c>postprocessing.json</c> (optional): applied to every exported prediction (spec §8).</item>
/// </list>
/// </summary>
public sealed class TrainedModel
{
    public const string PlansFileName = "plans.json";
    public const string PostprocessingFileName = "postprocessing.json";
    public const string FinalCheckpoint = "model_final_checkpoint";
    public const string BestCheckpoint = "model_best";
    public const string WeightsExtension = ".model";
    public const string DescriptionExtension = ".model.json";
    public const string FoldFolderPrefix = "fold_";

    TrainedModel(string folder, string configuration, string checkpoint, ExperimentPlans plans, StagePlan stage,
        IReadOnlyList<FoldCheckpoint> folds, string? postprocessingPath)
    {
        Folder = folder;
        Configuration = configuration;
        Checkpoint = checkpoint;
        Plans = plans;
        Stage = stage;
        Folds = folds;
        PostprocessingPath = postprocessingPath;
    }

    public string Folder { get; }
    public string Configuration { get; }
    public string Checkpoint { get; }
    public ExperimentPlans Plans { get; }

    /// <summary>The plans' stage of <see cref="Configuration"/>.</summary>
    public StagePlan Stage { get; }

    public IReadOnlyList<FoldCheckpoint> Folds { get; }

    /// <summary>postprocessing.json of the model folder, or null when it has none.</summary>
    public string? PostprocessingPath { get; }

    /// <summary>Output classes, background included.</summary>
    public int NumClasses => Folds[0].Description.NumClasses;

    /// <summary>Image channels (plus previous-stage channels for the cascade) the networks take.</summary>
    public int InputChannels => Folds[0].Description.InputChannels;

    /// <summary>The fold folder of a fold name ("0" -> fold_0, "all" -> fold_all).</summary>
    public static string FoldFolder(string modelFolder, string fold) => Path.Combine(modelFolder, FoldFolderPrefix + fold);

    /// <summary>
    /// Opens a model folder. <paramref name="folds"/> null means every fold_X folder holding the checkpoint (v1's
    /// default). Anything missing or inconsistent is an <see cref="InvalidInputException"/> naming the file.
    /// </summary>
    public static TrainedModel Open(string folder, string configuration, IReadOnlyList<string>? folds = null,
        string checkpoint = FinalCheckpoint)
    {
        if (!Directory.Exists(folder)) throw new InvalidInputException($"{folder}: model folder not found.");
        var plans = ExperimentPlans.Read(Path.Combine(folder, PlansFileName));
        var stage = plans.GetStage(configuration);

        folds ??= Directory.EnumerateDirectories(folder, FoldFolderPrefix + "*")
            .Where(d => File.Exists(Path.Combine(d, checkpoint + WeightsExtension)))
            .Select(d => Path.GetFileName(d)![FoldFolderPrefix.Length..])
            .Order(StringComparer.Ordinal).ToList();
        if (folds.Count == 0)
            throw new InvalidInputException($"{folder}: no {FoldFolderPrefix}X folder holds {checkpoint}{WeightsExtension}; train a fold first or pick another checkpoint.");

        var checkpoints = new List<FoldCheckpoint>();
        foreach (string fold in folds)
        {
            string foldFolder = FoldFolder(folder, fold);
            string weights = Path.Combine(foldFolder, checkpoint + WeightsExtension);
            if (!File.Exists(weights)) throw new InvalidInputException($"{weights}: checkpoint not found (fold {fold}).");
            var description = CheckpointDescription.Read(Path.Combine(foldFolder, checkpoint + DescriptionExtension));
            checkpoints.Add(new FoldCheckpoint(fold, weights, description));
        }

        var first = checkpoints[0];
        foreach (var other in checkpoints.Skip(1))
        {
            var (a, b) = (first.Description, other.Description);
            if (a.NumClasses != b.NumClasses || a.InputChannels != b.InputChannels || !a.PatchSize.SequenceEqual(b.PatchSize))
                throw new InvalidInputException($"{other.WeightsPath}: fold {other.Fold} was trained with another network input or " +
                                                $"classes than fold {first.Fold}; its folds cannot be averaged.");
        }
        if (!first.Description.PatchSize.SequenceEqual(stage.PatchSize))
            throw new InvalidInputException($"{first.WeightsPath}: patch ({string.Join(", ", first.Description.PatchSize)}) differs from the " +
                                            $"{configuration} plan's ({string.Join(", ", stage.PatchSize)}) in {Path.Combine(folder, PlansFileName)}.");
        if (first.Description.NumClasses != plans.NumClasses + 1)
            throw new InvalidInputException($"{first.WeightsPath}: the network has {first.Description.NumClasses} classes but the plans " +
                                            $"{plans.NumClasses} foreground classes plus background.");

        string postprocessing = Path.Combine(folder, PostprocessingFileName);
        return new TrainedModel(folder, configuration, checkpoint, plans, stage, checkpoints,
            File.Exists(postprocessing) ? postprocessing : null);
    }

    /// <summary>Sliding-window settings of these networks: their patch, classes and mirror axes (axes all folds allow).</summary>
    public SlidingWindowSettings CreateSettings() => new(Folds[0].Description.PatchSize, NumClasses)
    {
        MirrorAxes = Folds.Select(f => (IEnumerable<int>)f.Description.MirrorAxes).Aggregate((a, b) => a.Intersect(b)).Order().ToArray(),
    };

    /// <summary>
    /// Builds every fold's network with its architecture plugin and loads its weights onto <paramref name="device"/>.
    /// </summary>
    /// <param name="findArchitecture">The architecture plugin of a name; throw <see cref="InvalidInputException"/>
    /// when there is none.</param>
    public IReadOnlyList<SegmentationNetwork> LoadNetworks(Func<string, INetworkArchitecture> findArchitecture, Device device)
    {
        var networks = new List<SegmentationNetwork>();
        foreach (var fold in Folds)
        {
            var network = findArchitecture(fold.Description.Architecture).Build(fold.Description.ToNetworkSpec(), device);
            try
            {
                network.load(fold.WeightsPath);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.Runtime.InteropServices.ExternalException)
            {
                network.Dispose();
                throw new InvalidInputException($"{fold.WeightsPath}: the weights do not load into the {fold.Description.Architecture} " +
                                                $"network its description specifies ({e.Message}).", e);
            }
            network.DeepSupervision = false;
            network.eval();
            networks.Add(network);
        }
        return networks;
    }
}
