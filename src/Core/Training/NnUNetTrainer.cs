using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using NnUNet.Abstractions;
using NnUNet.Core.Inference;
using NnUNet.Core.IO;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training.Augmentation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// The default trainer, nnU-Net v1's nnUNetTrainerV2 (spec §7): SGD with Nesterov momentum 0.99, weight decay 3e-5,
/// poly learning rate from 0.01 set at every epoch start, gradient-norm clipping at 12, Dice + cross-entropy with deep
/// supervision, 1000 epochs of 250 training and 50 validation iterations, the online pseudo Dice and its moving
/// average choosing model_best, model_latest every 50 epochs, model_final_checkpoint at the end.
/// Trainer plugins derive from it and override what they change: the members below are the parts (epochs, iterations,
/// learning rate and its schedule, loss, optimizer, augmentation, network, deep supervision, inference mirroring).
/// </summary>
public class NnUNetTrainer : ITrainer
{
    public const int DefaultEpochs = 1000;                  // spec §7
    public const int DefaultIterationsPerEpoch = 250;       // spec §7
    public const int DefaultValidationIterations = 50;      // spec §7
    public const double DefaultInitialLearningRate = 0.01;  // spec §7
    public const double SgdMomentum = 0.99;                 // spec §7
    public const double SgdWeightDecay = 3e-5;              // spec §7
    public const double GradientClipNorm = 12;              // spec §7
    public const int DefaultCheckpointInterval = 50;        // spec §7: model_latest when epoch % 50 == 49
    public const int RescueEpoch = 100;                     // spec §7: v1 only, epoch-100 rule
    public const double RescueMomentum = 0.95;              // spec §7
    public const int MaxFeatures3D = 320;                   // spec §6
    public const int MaxFeatures2D = 480;                   // spec §6
    public const ulong DeterministicSeed = 12345;           // v1 --deterministic seeds numpy and torch with 12345
    public const string DefaultArchitecture = "GenericUNet";
    public const string PlansFileName = "plans.json";
    public const string DebugFileName = "debug.json";

    /// <summary>v1's trainer of 3d_cascade_fullres (the nnUNetTrainerV2 plugin exports it).</summary>
    public const string CascadeTrainerName = "nnUNetTrainerV2CascadeFullRes";

    /// <summary>Epochs to train.</summary>
    protected virtual int Epochs => DefaultEpochs;

    /// <summary>Training iterations (batches) per epoch.</summary>
    protected virtual int IterationsPerEpoch => DefaultIterationsPerEpoch;

    /// <summary>Validation iterations per epoch (non-augmented validation patches; loss and pseudo Dice).</summary>
    protected virtual int ValidationIterationsPerEpoch => DefaultValidationIterations;

    /// <summary>Learning rate of epoch 0.</summary>
    protected virtual double InitialLearningRate => DefaultInitialLearningRate;

    /// <summary>model_latest is written after every this many epochs.</summary>
    protected virtual int CheckpointInterval => DefaultCheckpointInterval;

    /// <summary>Whether the network returns (and the loss weighs) one output per decoder level.</summary>
    protected virtual bool DeepSupervision => true;

    /// <summary>The network architecture, by its plugin catalog name.</summary>
    protected virtual string ArchitectureName => DefaultArchitecture;

    /// <summary>How the CPU cores are shared between torch and the augmentation workers on <paramref name="device"/>.</summary>
    protected virtual TrainingThreads ThreadsFor(Device device) => TrainingThreads.FromEnvironment(onGpu: device.type != DeviceType.CPU);

    /// <summary>The learning rate set at the start of <paramref name="epoch"/> (poly schedule, spec §7).</summary>
    protected virtual double LearningRateAt(int epoch) => PolyLearningRate.At(epoch, Epochs, InitialLearningRate);

    /// <summary>The loss of one network output; deep supervision weighs it over the outputs.</summary>
    protected virtual ISegmentationLoss CreateLoss(TrainingContext context) => new DiceCrossEntropyLoss(context.BatchDice);

    /// <summary>
    /// The optimizer (its state is saved in every checkpoint, so it must be a TorchSharp optimizer). TorchSharp's own SGD
    /// can crash under garbage collection; see <see cref="SafeSgd"/>.
    /// </summary>
    protected virtual OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) =>
        new SafeSgd(parameters, InitialLearningRate, momentum: SgdMomentum, weightDecay: SgdWeightDecay, nesterov: true);

    /// <summary>The augmentation of the training batches (v1 parameters of the configuration).</summary>
    protected virtual AugmentationParameters CreateAugmentationParameters(TrainingContext context) =>
        AugmentationParameters.ForConfiguration(context.Stage.PatchSize, context.Stage.DoDummy2DDataAug, context.Plans.UseMaskForNorm);

    /// <summary>Axes the predictor may mirror along (test-time augmentation): those the training mirrored.</summary>
    protected virtual IReadOnlyList<int> MirrorAxes(AugmentationParameters augmentation) => augmentation.Augment ? augmentation.MirrorAxes : [];

    /// <summary>The network the plan asks for (spec §6).</summary>
    protected virtual NetworkSpec CreateNetworkSpec(TrainingContext context) => new(
        Dimensions: context.Stage.PatchSize.Count,
        InputChannels: context.InputChannels,
        NumClasses: context.NumClasses,
        PoolKernelSizes: [.. context.Stage.PoolOpKernelSizes.Select(k => k.ToArray())],
        ConvKernelSizes: [.. context.Stage.ConvKernelSizes.Select(k => k.ToArray())],
        BaseFeatures: context.Plans.BaseNumFeatures,
        MaxFeatures: context.IsTwoD ? MaxFeatures2D : MaxFeatures3D,
        DeepSupervision: DeepSupervision,
        ConvPerStage: context.Plans.ConvPerStage);

    /// <summary>A freshly initialised network from the architecture plugin named <see cref="ArchitectureName"/>.</summary>
    protected virtual SegmentationNetwork CreateNetwork(TrainingContext context, NetworkSpec spec) =>
        context.Request.Architectures(ArchitectureName).Build(spec, context.Device);

    /// <summary>
    /// For a cascade trainer (it trains 3d_cascade_fullres and nothing else), the trainer whose 3d_lowres out-of-fold
    /// predictions (its folder's pred_next_stage/) are the extra input: v1's previous_trainer, nnUNetTrainerV2. Null
    /// (the default) for trainers of the other configurations.
    /// </summary>
    protected virtual string? PreviousStageTrainer => null;

    /// <summary>The augmentation of the previous stage's one-hot channels in cascade training batches (v1's, by default).</summary>
    protected virtual CascadeAugmentationParameters CreateCascadeAugmentationParameters(TrainingContext context) => CascadeAugmentationParameters.V1;

    /// <summary>The name this trainer is exported under (its <see cref="TrainerAttribute"/>), else its class name.</summary>
    public string Name => GetType().GetCustomAttribute<TrainerAttribute>()?.Name ?? GetType().Name;

    /// <inheritdoc />
    public void Run(TrainingRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        CheckConfiguration(request.Configuration);
        var context = TrainingContext.Load(request, PreviousStageTrainer);
        Directory.CreateDirectory(context.FoldFolder);
        AtomicFile.WriteAllBytes(Path.Combine(request.OutputDirectory, PlansFileName), File.ReadAllBytes(context.PlansFile));
        using var log = TrainingLog.Create(context.FoldFolder, DateTime.Now);
        var threads = ThreadsFor(context.Device);
        torch.set_num_threads(threads.TorchThreads);
        log.Write($"{Name}: {request.TaskName} {request.Configuration} fold {request.Fold}, plans {context.PlansFile} (stage {context.StageIndex})");
        log.Write($"{context.Split.Train.Count} training and {context.Split.Val.Count} validation cases from {context.StageFolder}");
        log.Write($"device {request.Device}; {threads}");
        if (context.PreviousStageFolder is { } previous)
            log.Write($"cascade: {CascadeInput.Channels(context.NumClasses)} one-hot channels of the {Configurations.LowRes3D} predictions in {previous}");
        if (context.Device.type == DeviceType.CPU) log.Write(CpuConvolutionGuard.Ensure());

        SegmentationNetwork network;
        CheckpointInfo checkpoint;
        if (request.ValidationOnly)
        {
            string name = request.ValidateWithBest ? TrainingCheckpoint.Best : TrainingCheckpoint.Final;
            checkpoint = TrainingCheckpoint.Read(context.FoldFolder, name);
            network = request.Architectures(checkpoint.Architecture).Build(checkpoint.Network, context.Device);
            TrainingCheckpoint.LoadWeights(context.FoldFolder, checkpoint, network);
            log.Write($"validation only, with {name} (after epoch {checkpoint.EpochsCompleted})");
        }
        else
        {
            (network, checkpoint) = Train(context, CreateAugmentationParameters(context), log, threads, progress, cancellationToken);
            if (request.ValidateWithBest)
            {
                checkpoint = TrainingCheckpoint.Read(context.FoldFolder, TrainingCheckpoint.Best);
                TrainingCheckpoint.LoadWeights(context.FoldFolder, checkpoint, network);
                log.Write($"--valbest: validating with {TrainingCheckpoint.Best} (after epoch {checkpoint.EpochsCompleted})");
            }
        }
        using (network) ValidateFold(context, network, checkpoint, log, progress, cancellationToken);
    }

    /// <summary>
    /// The final validation (spec §7): every validation case predicted with the sliding window, exported at its original
    /// geometry into validation_raw/ and scored into summary.json (<see cref="FoldValidation"/>).
    /// </summary>
    protected virtual void ValidateFold(TrainingContext context, SegmentationNetwork network, CheckpointInfo checkpoint, TrainingLog log,
        IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        FoldValidation.Run(context, network, checkpoint, log, progress, cancellationToken);
        if (context.Configuration == Configurations.LowRes3D && !context.Request.DisableNextStagePrediction)
            NextStagePrediction.Run(context, checkpoint, log, progress, cancellationToken);
    }

    /// <summary>A cascade trainer trains 3d_cascade_fullres only, and 3d_cascade_fullres needs a cascade trainer (v1 asserts the same).</summary>
    void CheckConfiguration(string configuration)
    {
        if (configuration == Configurations.CascadeFullRes3D && PreviousStageTrainer is null)
            throw new InvalidInputException(
                $"{Name} is not a cascade trainer: {Configurations.CascadeFullRes3D} needs one that takes the {Configurations.LowRes3D} predictions as input, " +
                $"e.g. nnunet train {Configurations.CascadeFullRes3D} {CascadeTrainerName} TASK FOLD");
        if (configuration != Configurations.CascadeFullRes3D && PreviousStageTrainer is not null)
            throw new InvalidInputException($"{Name} trains {Configurations.CascadeFullRes3D} only, not {configuration}");
    }

    (SegmentationNetwork Network, CheckpointInfo Final) Train(TrainingContext context, AugmentationParameters augmentation, TrainingLog log, TrainingThreads threads,
        IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var spec = CreateNetworkSpec(context);
        var resume = request.Continue ? TrainingCheckpoint.FindForContinue(context.FoldFolder, p => log.Write($"skipped checkpoint: {p}")) : null;
        if (request.Continue && resume is null) log.Write("-c: no checkpoint in the fold folder yet; training starts at epoch 0");
        ulong seed = resume?.Info.Seed ?? (request.Deterministic ? DeterministicSeed : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
        if (request.Deterministic) torch.manual_seed(unchecked((long)seed));

        var network = CreateNetwork(context, spec);
        try
        {
            using var optimizer = CreateOptimizer(network.parameters());
            var history = new TrainingHistory();
            int start = 0;
            if (resume is { } r)
            {
                CheckResumable(context, r.Name, r.Info, spec);
                TrainingCheckpoint.LoadWeights(context.FoldFolder, r.Info, network);
                TrainingCheckpoint.LoadOptimizer(context.FoldFolder, r.Info, optimizer);
                history = r.Info.History;
                start = r.Info.EpochsCompleted;
                log.Write($"continuing from {r.Name} after epoch {start} (of {Epochs})");
            }
            var cascade = context.IsCascade ? CreateCascadeAugmentationParameters(context) : null;
            var run = new EpochRunner(this, context, spec, augmentation, cascade, network, optimizer, history, seed, log);
            WriteDebugFile(context, spec, augmentation, cascade, threads, seed);
            try
            {
                return (network, run.Fit(start, threads, progress, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                log.Write("stopped on request; the checkpoints written so far are intact (continue with -c)");
                throw;
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    void CheckResumable(TrainingContext context, string name, CheckpointInfo info, NetworkSpec spec)
    {
        string path = TrainingCheckpoint.InfoPath(context.FoldFolder, name);
        if (!SameSpec(info.Network, spec) || info.Architecture != ArchitectureName)
            throw new InvalidInputException($"{path}: made for {info.Architecture} {Describe(info.Network)}, but this trainer builds {ArchitectureName} {Describe(spec)}; train without -c to start over");
        if (info.Configuration != context.Configuration || info.Fold != context.Request.Fold)
            throw new InvalidInputException($"{path}: belongs to {info.Configuration} fold {info.Fold}, not {context.Configuration} fold {context.Request.Fold}");
    }

    static bool SameSpec(NetworkSpec a, NetworkSpec b) =>
        a with { PoolKernelSizes = [], ConvKernelSizes = [] } == b with { PoolKernelSizes = [], ConvKernelSizes = [] }
        && Same(a.PoolKernelSizes, b.PoolKernelSizes) && Same(a.ConvKernelSizes, b.ConvKernelSizes);

    static bool Same(int[][] a, int[][] b) => a.Length == b.Length && a.Zip(b).All(p => p.First.SequenceEqual(p.Second));

    static string Describe(NetworkSpec s) =>
        $"({s.Dimensions}D, {s.InputChannels} channels, {s.NumClasses} classes, pools {string.Join(" ", s.PoolKernelSizes.Select(p => $"[{string.Join(",", p)}]"))}, " +
        $"deep supervision {(s.DeepSupervision ? "on" : "off")})";

    void WriteDebugFile(TrainingContext context, NetworkSpec spec, AugmentationParameters augmentation, CascadeAugmentationParameters? cascade,
        TrainingThreads threads, ulong seed)
    {
        var debug = new Dictionary<string, object?>
        {
            ["trainer"] = Name,
            ["trainer_class"] = GetType().FullName,
            ["task"] = context.Request.TaskName,
            ["configuration"] = context.Configuration,
            ["fold"] = context.Request.Fold,
            ["plans_file"] = context.PlansFile,
            ["stage"] = context.StageIndex,
            ["stage_folder"] = context.StageFolder,
            ["device"] = context.Request.Device,
            ["deterministic"] = context.Request.Deterministic,
            ["seed"] = seed,
            ["torch_threads"] = threads.TorchThreads,
            ["augmentation_workers"] = threads.TrainingWorkers,
            ["validation_workers"] = threads.ValidationWorkers,
            ["epochs"] = Epochs,
            ["iterations_per_epoch"] = IterationsPerEpoch,
            ["validation_iterations_per_epoch"] = ValidationIterationsPerEpoch,
            ["initial_learning_rate"] = InitialLearningRate,
            ["batch_size"] = context.Stage.BatchSize,
            ["patch_size"] = context.Stage.PatchSize,
            ["batch_dice"] = context.BatchDice,
            ["loss"] = CreateLoss(context).GetType().Name,
            ["architecture"] = ArchitectureName,
            ["network"] = spec,
            ["augmentation"] = augmentation,
            ["previous_stage_folder"] = context.PreviousStageFolder,
            ["cascade_augmentation"] = cascade,
            ["mirror_axes"] = MirrorAxes(augmentation),
            ["train_cases"] = context.Split.Train,
            ["validation_cases"] = context.Split.Val,
        };
        AtomicFile.Write(Path.Combine(context.FoldFolder, DebugFileName),
            stream => System.Text.Json.JsonSerializer.Serialize(stream, debug, TrainingCheckpoint.JsonOptions));
    }

    /// <summary>The epoch loop of one training: batches, steps, validation, history, checkpoints, plot.</summary>
    sealed class EpochRunner(NnUNetTrainer trainer, TrainingContext context, NetworkSpec spec, AugmentationParameters augmentation,
        CascadeAugmentationParameters? cascade, SegmentationNetwork network, OptimizerHelper optimizer, TrainingHistory history, ulong seed, TrainingLog log)
    {
        readonly Parameter[] _parameters = [.. network.parameters()];

        // add_(tensor) would pass TorchSharp a temporary Scalar 1 that a GC may free during the call (see SafeSgd).
        static readonly Scalar One = 1.ToScalar();

        /// <summary>Trains epochs start..Epochs-1 and writes the final checkpoint, which it returns.</summary>
        public CheckpointInfo Fit(int start, TrainingThreads threads, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
        {
            int epochs = trainer.Epochs, iterations = trainer.IterationsPerEpoch, validationIterations = trainer.ValidationIterationsPerEpoch;
            var patch = context.Stage.PatchSize;
            IReadOnlyList<double[]> scales = spec.DeepSupervision
                ? DeepSupervisionTargets.ScalesFromPoolKernels(context.Stage.PoolOpKernelSizes)
                : [[.. Enumerable.Repeat(1.0, patch.Count)]];
            var loss = new DeepSupervisionLoss(trainer.CreateLoss(context), global::NnUNet.Core.Training.DeepSupervision.LossWeights(scales.Count));
            var cases = new List<IDisposable>();
            try
            {
                var train = Open(context.Split.Train, cases);
                var validation = Open(context.Split.Val, cases);
                bool deterministic = context.Request.Deterministic;
                using var trainBatches = BatchProducer.ForTraining(train, patch, context.Stage.BatchSize, augmentation, scales,
                    threads.TrainingWorkers, seed, deterministic, (long)start * iterations, PreviousStage(context.Split.Train, cases));
                using var validationBatches = BatchProducer.ForValidation(validation, patch, context.Stage.BatchSize, augmentation, scales,
                    threads.ValidationWorkers, unchecked(seed + 1), deterministic, (long)start * validationIterations, PreviousStage(context.Split.Val, cases));
                using var dice = new OnlineDice(context.NumClasses, context.Device);
                for (int epoch = start; epoch < epochs; epoch++)
                {
                    var summary = RunEpoch(epoch, epochs, iterations, validationIterations, loss, trainBatches, validationBatches, dice, progress, cancellationToken);
                    EndEpoch(summary, epochs);
                }
            }
            finally
            {
                foreach (var c in cases) c.Dispose();
            }
            var final = Save(TrainingCheckpoint.Final, epochs);
            TrainingCheckpoint.Delete(context.FoldFolder, TrainingCheckpoint.Latest); // v1: the final checkpoint replaces it
            log.Write($"training done: {TrainingCheckpoint.Final} written after epoch {epochs}");
            return final;
        }

        /// <summary>The cascade's previous-stage segmentations of <paramref name="ids"/>, or null for the other configurations.</summary>
        PreviousStageInput? PreviousStage(IReadOnlyList<string> ids, List<IDisposable> opened)
        {
            if (context.PreviousStageFolder is not { } folder) return null;
            var segmentations = new List<PreviousStageSegmentation>(ids.Count);
            foreach (string id in ids)
            {
                var segmentation = PreviousStageSegmentation.Open(folder, id);
                opened.Add(segmentation);
                segmentations.Add(segmentation);
            }
            return new PreviousStageInput(segmentations, context.NumClasses, cascade!);
        }

        List<PreprocessedCase> Open(IReadOnlyList<string> ids, List<IDisposable> opened)
        {
            var result = new List<PreprocessedCase>(ids.Count);
            foreach (string id in ids)
            {
                if (!File.Exists(PreprocessedCase.HeaderPath(context.StageFolder, id)))
                    throw new InvalidInputException($"{PreprocessedCase.HeaderPath(context.StageFolder, id)}: case {id} of the fold's split has no preprocessed data; rerun plan_and_preprocess or fix {SplitsFile.FileName}");
                var c = PreprocessedCase.Open(context.StageFolder, id);
                opened.Add(c);
                result.Add(c);
            }
            return result;
        }

        EpochSummary RunEpoch(int epoch, int epochs, int iterations, int validationIterations, DeepSupervisionLoss loss,
            BatchProducer trainBatches, BatchProducer validationBatches, OnlineDice dice, IProgress<ProgressUpdate>? progress,
            CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            double learningRate = trainer.LearningRateAt(epoch);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
            string stage = $"epoch {epoch + 1}/{epochs}";
            int total = iterations + validationIterations;
            var device = context.Device;
            using var trainLoss = zeros(1, ScalarType.Float64, device);
            using var validationLoss = zeros(1, ScalarType.Float64, device);

            network.train();
            for (int i = 0; i < iterations; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (data, targets) = ToDevice(trainBatches.Next(cancellationToken), device);
                optimizer.zero_grad();
                var value = loss.Compute(network.call(data), targets);
                value.backward();
                GradientClipping.ClipByTotalNorm(_parameters, GradientClipNorm);
                optimizer.step();
                trainLoss.add_(value.detach(), One);
                progress?.Report(new ProgressUpdate(stage, i + 1, total));
            }

            network.eval();
            using (no_grad())
            {
                for (int i = 0; i < validationIterations; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var (data, targets) = ToDevice(validationBatches.Next(cancellationToken), device);
                    var outputs = network.call(data);
                    validationLoss.add_(loss.Compute(outputs, targets), One);
                    dice.Add(outputs[0], targets[0]);
                    progress?.Report(new ProgressUpdate(stage, iterations + i + 1, total));
                }
            }
            var (pseudoDice, perClass) = dice.Finish();
            var summary = new EpochSummary(epoch, learningRate,
                trainLoss.item<double>() / Math.Max(1, iterations),
                validationIterations == 0 ? double.NaN : validationLoss.item<double>() / validationIterations,
                pseudoDice, perClass, history.NextEma(pseudoDice), watch.Elapsed.TotalSeconds);
            progress?.Report(new ProgressUpdate(stage, total, total, Format(summary)));
            return summary;
        }

        void EndEpoch(EpochSummary summary, int epochs)
        {
            int epoch = summary.Epoch;
            log.Write($"epoch {epoch}: {Format(summary)}; pseudo Dice per class [{string.Join(", ", summary.PseudoDicePerClass.Select(F))}] " +
                "(an estimate from patches, not the Dice of whole cases)");
            if (history.Add(summary))
            {
                Save(TrainingCheckpoint.Best, epoch + 1);
                log.Write($"new best pseudo Dice moving average {F(summary.PseudoDiceEma)}: {TrainingCheckpoint.Best} written");
            }
            if (epoch == RescueEpoch && summary.PseudoDice == 0) Rescue();
            if ((epoch + 1) % trainer.CheckpointInterval == 0 && epoch + 1 < epochs)
            {
                Save(TrainingCheckpoint.Latest, epoch + 1);
                log.Write($"{TrainingCheckpoint.Latest} written after epoch {epoch + 1}");
            }
            ProgressPlot.Write(Path.Combine(context.FoldFolder, ProgressPlot.FileName), history);
        }

        /// <summary>
        /// v1's epoch-100 rule (spec §7): a pseudo Dice of exactly 0 after 101 epochs means the network is stuck; lower the
        /// momentum to 0.95 and start from fresh weights.
        /// </summary>
        void Rescue()
        {
            log.Write($"pseudo Dice is 0 at epoch {RescueEpoch}: momentum {SgdMomentum} -> {RescueMomentum} and the network is re-initialised (v1 rule)");
            foreach (var group in optimizer.ParamGroups)
                if (group is ParamGroup { Options: SGD.Options options }) options.momentum = RescueMomentum;
            if (context.Request.Deterministic) torch.manual_seed(unchecked((long)TrainingRandom.SeedFor(seed, RescueEpoch)));
            using var fresh = trainer.CreateNetwork(context, spec);
            var freshState = fresh.state_dict();
            using var noGrad = no_grad();
            foreach (var (name, tensor) in network.state_dict()) tensor.copy_(freshState[name]);
        }

        CheckpointInfo Save(string name, int epochsCompleted)
        {
            var info = new CheckpointInfo
            {
                Trainer = trainer.Name,
                Architecture = trainer.ArchitectureName,
                Network = spec,
                Task = context.Request.TaskName,
                Configuration = context.Configuration,
                PlansIdentifier = context.Request.PlansIdentifier,
                Fold = context.Request.Fold,
                PatchSize = [.. context.Stage.PatchSize],
                MirrorAxes = [.. trainer.MirrorAxes(augmentation)],
                EpochsCompleted = epochsCompleted,
                MaxEpochs = trainer.Epochs,
                IterationsPerEpoch = trainer.IterationsPerEpoch,
                ValidationIterationsPerEpoch = trainer.ValidationIterationsPerEpoch,
                Seed = seed,
                Deterministic = context.Request.Deterministic,
                History = history,
            };
            return TrainingCheckpoint.Save(context.FoldFolder, name, network, optimizer, info);
        }

        static (Tensor Data, Tensor[] Targets) ToDevice(TrainingBatch batch, Device device)
        {
            using (batch)
            {
                var data = tensor(batch.Data, batch.DataShape, device: device);
                var targets = new Tensor[batch.Targets.Count];
                for (int s = 0; s < targets.Length; s++) targets[s] = tensor(batch.Targets[s], batch.TargetShapes[s], device: device);
                return (data, targets);
            }
        }

        static string Format(EpochSummary s) => string.Create(CultureInfo.InvariantCulture,
            $"train loss {F(s.TrainLoss)}, validation loss {F(s.ValidationLoss)}, pseudo Dice {F(s.PseudoDice)} (moving average {F(s.PseudoDiceEma)}), " +
            $"lr {s.LearningRate:0.######}, {s.Seconds:0.0} s");

        static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
    }
}
