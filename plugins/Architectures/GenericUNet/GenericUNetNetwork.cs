using NnUNet.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Architectures.GenericUNet;

/// <summary>
/// nnU-Net v1's Generic_UNet as nnUNetTrainerV2 builds it (spec §6): a strided-conv encoder, a transposed-conv
/// decoder with skip concatenation and a 1x1 segmentation head after every decoder stage. Forward returns logits,
/// full resolution first: one per decoder level (pools of them) with deep supervision on, else only the first.
/// Children are named like v1's modules (conv_blocks_context, conv_blocks_localization, tu, seg_outputs) so
/// parameter names match a v1 state dict.
/// </summary>
public sealed class GenericUNetNetwork : SegmentationNetwork
{
    /// <summary>Features double with every downsampling (v1 feat_map_mul_on_downscale, spec §6).</summary>
    public const int FeatureGrowth = 2;

    private readonly int poolCount;
    private readonly nn.Module<Tensor, Tensor>[] encoder;   // pools stages, then the bottleneck
    private readonly nn.Module<Tensor, Tensor>[] upsampling; // lowest resolution first
    private readonly nn.Module<Tensor, Tensor>[] decoder;    // lowest resolution first
    private readonly nn.Module<Tensor, Tensor>[] heads;      // lowest resolution first

    /// <summary>Builds and He-initialises the network of <paramref name="spec"/> on <paramref name="device"/>.</summary>
    /// <exception cref="InvalidInputException">The spec is inconsistent (bad dimensions, kernel or pool lists).</exception>
    public GenericUNetNetwork(NetworkSpec spec, Device device) : base("Generic_UNet")
    {
        Validate(spec);
        int dims = spec.Dimensions;
        poolCount = spec.PoolKernelSizes.Length;
        var ones = Enumerable.Repeat(1, dims).ToArray();

        // Encoder: stage d has features min(base * 2^d, max); the first conv of stages d > 0 is strided by pool d-1.
        var features = new long[poolCount + 1];
        encoder = new nn.Module<Tensor, Tensor>[poolCount + 1];
        long inFeatures = spec.InputChannels, outFeatures = spec.BaseFeatures;
        for (int d = 0; d < poolCount; d++)
        {
            var stride = d == 0 ? ones : spec.PoolKernelSizes[d - 1];
            encoder[d] = new StackedConvBlocks(dims, inFeatures, outFeatures, spec.ConvPerStage, spec.ConvKernelSizes[d], stride, device);
            features[d] = outFeatures;
            inFeatures = outFeatures;
            outFeatures = Math.Min(outFeatures * FeatureGrowth, spec.MaxFeatures);
        }

        // Bottleneck: strided by the last pool; with transposed-conv upsampling (v1 nnUNetTrainerV2) its last conv
        // keeps the bottleneck's own features, and the transposed conv reduces them to the skip's channels.
        var bottleneckKernel = spec.ConvKernelSizes[poolCount];
        features[poolCount] = outFeatures;
        encoder[poolCount] = nn.Sequential(
            new StackedConvBlocks(dims, inFeatures, outFeatures, spec.ConvPerStage - 1, bottleneckKernel, spec.PoolKernelSizes[poolCount - 1], device),
            new StackedConvBlocks(dims, outFeatures, outFeatures, 1, bottleneckKernel, ones, device));

        // Decoder level u works at the resolution of encoder stage s = pools-1-u: transposed conv to the skip's
        // channels, concat [upsampled, skip] (2x skip channels), then blocks back to the skip's channels.
        upsampling = new nn.Module<Tensor, Tensor>[poolCount];
        decoder = new nn.Module<Tensor, Tensor>[poolCount];
        heads = new nn.Module<Tensor, Tensor>[poolCount];
        long below = features[poolCount];
        for (int u = 0; u < poolCount; u++)
        {
            int s = poolCount - 1 - u;
            long skip = features[s];
            var kernel = spec.ConvKernelSizes[s];
            upsampling[u] = Layers.Upsampling(dims, below, skip, spec.PoolKernelSizes[s], device);
            decoder[u] = nn.Sequential(
                new StackedConvBlocks(dims, 2 * skip, skip, spec.ConvPerStage - 1, kernel, ones, device),
                new StackedConvBlocks(dims, skip, skip, 1, kernel, ones, device));
            heads[u] = Layers.Conv(dims, skip, spec.NumClasses, ones, ones, new int[dims], bias: false, device);
            below = skip;
        }

        register_module("conv_blocks_localization", nn.ModuleList(decoder));
        register_module("conv_blocks_context", nn.ModuleList(encoder));
        register_module("tu", nn.ModuleList(upsampling));
        register_module("seg_outputs", nn.ModuleList(heads));
        HeInitialization.Apply(this);
        DeepSupervision = spec.DeepSupervision;
    }

    /// <summary>Logits per decoder level, full resolution first (pools outputs), or only full resolution.</summary>
    public override Tensor[] forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var skips = new Tensor[poolCount];
        var x = input;
        for (int d = 0; d < poolCount; d++) skips[d] = x = encoder[d].call(x);
        x = encoder[poolCount].call(x);

        var outputs = new Tensor[DeepSupervision ? poolCount : 1];
        for (int u = 0; u < poolCount; u++)
        {
            int s = poolCount - 1 - u;
            x = upsampling[u].call(x);
            x = cat([x, skips[s]], 1);
            x = decoder[u].call(x);
            if (DeepSupervision) outputs[s] = heads[u].call(x);
            else if (s == 0) outputs[0] = heads[u].call(x);
        }
        scope.MoveToOuter(outputs);
        return outputs;
    }

    static void Validate(NetworkSpec spec)
    {
        const string what = "Network spec";
        if (spec.Dimensions is not (2 or 3))
            throw new InvalidInputException($"{what}: dimensions must be 2 or 3, got {spec.Dimensions}.");
        if (spec.InputChannels < 1 || spec.NumClasses < 1 || spec.BaseFeatures < 1 || spec.MaxFeatures < 1 || spec.ConvPerStage < 1)
            throw new InvalidInputException($"{what}: input channels, classes, base/max features and convs per stage must be positive " +
                $"(got {spec.InputChannels}, {spec.NumClasses}, {spec.BaseFeatures}/{spec.MaxFeatures}, {spec.ConvPerStage}).");
        if (spec.PoolKernelSizes.Length < 1)
            throw new InvalidInputException($"{what}: needs at least one pooling step, got none.");
        if (spec.ConvKernelSizes.Length != spec.PoolKernelSizes.Length + 1)
            throw new InvalidInputException($"{what}: {spec.ConvKernelSizes.Length} conv kernel sizes for {spec.PoolKernelSizes.Length} pools; " +
                "expected one per resolution stage (pools + 1).");
        for (int i = 0; i < spec.PoolKernelSizes.Length; i++)
            if (spec.PoolKernelSizes[i].Length != spec.Dimensions || spec.PoolKernelSizes[i].Any(p => p < 1))
                throw new InvalidInputException($"{what}: pool kernel {i} is [{string.Join(", ", spec.PoolKernelSizes[i])}]; " +
                    $"expected {spec.Dimensions} positive factors.");
        for (int i = 0; i < spec.ConvKernelSizes.Length; i++)
            if (spec.ConvKernelSizes[i].Length != spec.Dimensions || spec.ConvKernelSizes[i].Any(k => k < 1 || k % 2 == 0))
                throw new InvalidInputException($"{what}: conv kernel {i} is [{string.Join(", ", spec.ConvKernelSizes[i])}]; " +
                    $"expected {spec.Dimensions} odd positive sizes.");
    }
}
