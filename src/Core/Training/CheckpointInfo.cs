using System.Text.Json.Serialization;
using NnUNet.Abstractions;
using NnUNet.Core.Inference;

namespace NnUNet.Core.Training;

/// <summary>
/// The JSON part of a checkpoint (<c>NAME.model.json</c>, v1's <c>NAME.model.pkl</c>): everything needed to rebuild
/// the network (architecture and <see cref="NetworkSpec"/>), to predict with it (configuration, patch size, mirror axes)
/// and to resume training exactly (epoch, histories, seed), plus the size and hash of the weights and optimizer files
/// it belongs to. It is written last, so it is the commit of a checkpoint: parts that do not match it are from an
/// interrupted save and the checkpoint is not used (see <see cref="TrainingCheckpoint"/>).
/// The network fields are flat, under the names of <see cref="CheckpointDescription"/>, so the file is also the
/// checkpoint description prediction reads (<see cref="TrainedModel"/>).
/// </summary>
public sealed record CheckpointInfo
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The trainer's catalog name (e.g. nnUNetTrainerV2_100epochs).</summary>
    public required string Trainer { get; init; }

    /// <summary>The architecture's catalog name (e.g. GenericUNet).</summary>
    public required string Architecture { get; init; }

    /// <summary>The network as built for training (stored flat, see the fields below).</summary>
    [JsonIgnore]
    public NetworkSpec Network
    {
        get => new(Dimensions, InputChannels, NumClasses, PoolKernelSizes, ConvKernelSizes, BaseFeatures, MaxFeatures, DeepSupervision, ConvPerStage);
        init
        {
            (Dimensions, InputChannels, NumClasses) = (value.Dimensions, value.InputChannels, value.NumClasses);
            (PoolKernelSizes, ConvKernelSizes) = (value.PoolKernelSizes, value.ConvKernelSizes);
            (BaseFeatures, MaxFeatures, DeepSupervision, ConvPerStage) = (value.BaseFeatures, value.MaxFeatures, value.DeepSupervision, value.ConvPerStage);
        }
    }

    [JsonPropertyName("dimensions")] public int Dimensions { get; init; }
    [JsonPropertyName("input_channels")] public int InputChannels { get; init; }
    [JsonPropertyName("num_classes")] public int NumClasses { get; init; }
    [JsonPropertyName("pool_op_kernel_sizes")] public int[][] PoolKernelSizes { get; init; } = [];
    [JsonPropertyName("conv_kernel_sizes")] public int[][] ConvKernelSizes { get; init; } = [];
    [JsonPropertyName("base_num_features")] public int BaseFeatures { get; init; }
    [JsonPropertyName("max_num_features")] public int MaxFeatures { get; init; }
    [JsonPropertyName("deep_supervision")] public bool DeepSupervision { get; init; }
    [JsonPropertyName("conv_per_stage")] public int ConvPerStage { get; init; }

    public required string Task { get; init; }
    public required string Configuration { get; init; }
    public required string PlansIdentifier { get; init; }
    public required string Fold { get; init; }

    /// <summary>Patch size of the configuration ((z, y, x) or (y, x) for 2d): the sliding-window size.</summary>
    public required int[] PatchSize { get; init; }

    /// <summary>Axes the network was trained to be mirror-invariant along (inference mirroring), configuration numbering.</summary>
    public required int[] MirrorAxes { get; init; }

    /// <summary>Epochs finished; a resumed training starts with this epoch index.</summary>
    public required int EpochsCompleted { get; init; }

    public required int MaxEpochs { get; init; }
    public required int IterationsPerEpoch { get; init; }
    public required int ValidationIterationsPerEpoch { get; init; }

    /// <summary>Master seed of the batch streams (and of the network initialisation with --deterministic).</summary>
    public required ulong Seed { get; init; }

    public required bool Deterministic { get; init; }

    public required TrainingHistory History { get; init; }

    /// <summary>The network weights (TorchSharp <c>Module.save</c> format); set by <see cref="TrainingCheckpoint.Save"/>.</summary>
    public CheckpointFile? Weights { get; init; }

    /// <summary>
    /// The optimizer state (TorchSharp <c>save_state_dict</c> format: learning rate, momentum, momentum buffers); set by
    /// <see cref="TrainingCheckpoint.Save"/>.
    /// </summary>
    public CheckpointFile? Optimizer { get; init; }

    /// <summary>When the checkpoint was written; set by <see cref="TrainingCheckpoint.Save"/>.</summary>
    public DateTimeOffset SavedAt { get; init; }
}
