namespace NnUNet.Abstractions;

/// <summary>The network a configuration's plan asks for (spec §6).</summary>
/// <param name="Dimensions">2 or 3.</param>
/// <param name="InputChannels">Image channels (plus one-hot previous-stage channels for the cascade).</param>
/// <param name="NumClasses">Output classes including background.</param>
/// <param name="PoolKernelSizes">One entry per downsampling, each with one factor per spatial axis.</param>
/// <param name="ConvKernelSizes">One entry per resolution stage (pools + 1), each with one size per axis.</param>
/// <param name="BaseFeatures">Features of the first stage (32).</param>
/// <param name="MaxFeatures">Cap on features per stage (320 in 3D, 480 in 2D).</param>
/// <param name="DeepSupervision">Whether training outputs one segmentation per decoder level.</param>
/// <param name="ConvPerStage">Convolution blocks per stage (2).</param>
public sealed record NetworkSpec(
    int Dimensions,
    int InputChannels,
    int NumClasses,
    int[][] PoolKernelSizes,
    int[][] ConvKernelSizes,
    int BaseFeatures = 32,
    int MaxFeatures = 320,
    bool DeepSupervision = true,
    int ConvPerStage = 2);
