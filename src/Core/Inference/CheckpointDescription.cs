using System.Text.Json.Serialization;
using NnUNet.Abstractions;
using NnUNet.Core.IO;

namespace NnUNet.Core.Inference;

/// <summary>
/// What prediction needs to know about a checkpoint besides its weights: which architecture plugin builds the
/// network and with which <see cref="NetworkSpec"/>, the patch it was trained on and the axes it may be mirrored
/// along. Stored as <c>fold_X/&lt;checkpoint&gt;.model.json</c> beside the TorchSharp weights
/// <c>fold_X/&lt;checkpoint&gt;.model</c> (see <see cref="TrainedModel"/>); the trainer writes it with
/// <see cref="Write"/>.
/// </summary>
public sealed record CheckpointDescription
{
    /// <summary>Name of the <see cref="INetworkArchitecture"/> plugin (e.g. "GenericUNet").</summary>
    [JsonPropertyName("architecture")] public required string Architecture { get; init; }

    /// <summary>Name of the trainer that wrote it (informational).</summary>
    [JsonPropertyName("trainer")] public string? Trainer { get; init; }

    [JsonPropertyName("dimensions")] public required int Dimensions { get; init; }

    /// <summary>Image channels (plus previous-stage one-hot channels for the cascade).</summary>
    [JsonPropertyName("input_channels")] public required int InputChannels { get; init; }

    /// <summary>Output classes, background included.</summary>
    [JsonPropertyName("num_classes")] public required int NumClasses { get; init; }

    [JsonPropertyName("pool_op_kernel_sizes")] public required int[][] PoolKernelSizes { get; init; }

    [JsonPropertyName("conv_kernel_sizes")] public required int[][] ConvKernelSizes { get; init; }

    [JsonPropertyName("base_num_features")] public int BaseFeatures { get; init; } = 32;

    [JsonPropertyName("max_num_features")] public int MaxFeatures { get; init; } = 320;

    [JsonPropertyName("conv_per_stage")] public int ConvPerStage { get; init; } = 2;

    /// <summary>Whether the network was built with deep-supervision outputs (their weights are in the checkpoint);
    /// prediction switches them off at run time with <see cref="SegmentationNetwork.DeepSupervision"/>.</summary>
    [JsonPropertyName("deep_supervision")] public bool DeepSupervision { get; init; } = true;

    /// <summary>The patch the network was trained on (plan order, 2 or 3 axes).</summary>
    [JsonPropertyName("patch_size")] public required int[] PatchSize { get; init; }

    /// <summary>Patch axes along which training mirrored, hence test-time mirroring may (v1 data_aug_params['mirror_axes']).</summary>
    [JsonPropertyName("mirror_axes")] public required int[] MirrorAxes { get; init; }

    /// <summary>The network as it was built for training, so every saved weight has its place.</summary>
    public NetworkSpec ToNetworkSpec() => new(Dimensions, InputChannels, NumClasses, PoolKernelSizes, ConvKernelSizes,
        BaseFeatures, MaxFeatures, DeepSupervision, ConvPerStage);

    /// <summary>A description of a network built from <paramref name="spec"/>.</summary>
    public static CheckpointDescription Create(string architecture, NetworkSpec spec, IReadOnlyList<int> patchSize,
        IReadOnlyList<int> mirrorAxes, string? trainer = null) => new()
    {
        Architecture = architecture,
        Trainer = trainer,
        Dimensions = spec.Dimensions,
        InputChannels = spec.InputChannels,
        NumClasses = spec.NumClasses,
        PoolKernelSizes = spec.PoolKernelSizes,
        ConvKernelSizes = spec.ConvKernelSizes,
        BaseFeatures = spec.BaseFeatures,
        MaxFeatures = spec.MaxFeatures,
        ConvPerStage = spec.ConvPerStage,
        DeepSupervision = spec.DeepSupervision,
        PatchSize = patchSize.ToArray(),
        MirrorAxes = mirrorAxes.ToArray(),
    };

    /// <summary>Reads and checks a description; problems are <see cref="InvalidInputException"/>s naming the file.</summary>
    public static CheckpointDescription Read(string path)
    {
        var description = JsonFile.Read<CheckpointDescription>(path);
        string? problem =
            string.IsNullOrWhiteSpace(description.Architecture) ? "architecture is empty"
            : description.Dimensions is not (2 or 3) ? $"dimensions is {description.Dimensions}, not 2 or 3"
            : description.PatchSize is null || description.PatchSize.Length != description.Dimensions || description.PatchSize.Any(p => p < 1)
                ? $"patch_size must have {description.Dimensions} positive sizes"
            : description.NumClasses < 1 ? "num_classes must be at least 1"
            : description.InputChannels < 1 ? "input_channels must be at least 1"
            : description.MirrorAxes is null || description.MirrorAxes.Any(a => a < 0 || a >= description.Dimensions)
                ? $"mirror_axes must be axes 0..{description.Dimensions - 1}"
            : null;
        if (problem != null) throw new InvalidInputException($"{path}: {problem}.");
        return description;
    }

    /// <summary>Writes the description atomically.</summary>
    public void Write(string path) => JsonFile.Write(path, this);
}
