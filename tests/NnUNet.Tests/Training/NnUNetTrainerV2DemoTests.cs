using NnUNet.Abstractions;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;
using NnUNet.Trainers.NnUNetTrainerV2;

namespace NnUNet.Tests.Training;

/// <summary>What the demo trainer changes of nnUNetTrainerV2: length, network width and test-time mirroring, nothing else.</summary>
public sealed class NnUNetTrainerV2DemoTests
{
    [Fact]
    public void ShortensTrainingNarrowsTheNetworkAndSkipsTestTimeMirroringOnly()
    {
        using var task = TinyTask.Create3D();
        var context = TrainingContext.Load(task.Request());
        var demo = new NnUNetTrainerV2_demo();
        var standard = new NnUNetTrainerV2();

        Assert.Equal("nnUNetTrainerV2_demo", demo.Name);
        Assert.Equal(NnUNetTrainerV2_demo.DemoEpochs, TrainerMembers.Get<int>(demo, "Epochs"));
        Assert.Equal(NnUNetTrainerV2_demo.DemoIterations, TrainerMembers.Get<int>(demo, "IterationsPerEpoch"));
        Assert.Equal(NnUNetTrainerV2_demo.DemoValidationIterations, TrainerMembers.Get<int>(demo, "ValidationIterationsPerEpoch"));
        // The poly schedule runs over the demo's epochs.
        Assert.Equal(0.01 * Math.Pow(1 - 1.0 / NnUNetTrainerV2_demo.DemoEpochs, 0.9), TrainerMembers.Get<double>(demo, "LearningRateAt", 1), 15);

        var demoSpec = TrainerMembers.Get<NetworkSpec>(demo, "CreateNetworkSpec", context);
        var standardSpec = TrainerMembers.Get<NetworkSpec>(standard, "CreateNetworkSpec", context);
        Assert.Equal(NnUNetTrainerV2_demo.DemoBaseFeatures, demoSpec.BaseFeatures);
        Assert.Equal(standardSpec.PoolKernelSizes, demoSpec.PoolKernelSizes);
        Assert.Equal(standardSpec.ConvKernelSizes, demoSpec.ConvKernelSizes);
        Assert.Equal(standardSpec with { BaseFeatures = demoSpec.BaseFeatures, PoolKernelSizes = demoSpec.PoolKernelSizes, ConvKernelSizes = demoSpec.ConvKernelSizes },
            demoSpec); // everything else as the plans say

        // Training still mirrors (augmentation as nnUNetTrainerV2); validation and prediction do not.
        var augmentation = TrainerMembers.Get<AugmentationParameters>(demo, "CreateAugmentationParameters", context);
        Assert.Equal(TrainerMembers.Get<AugmentationParameters>(standard, "CreateAugmentationParameters", context).MirrorAxes, augmentation.MirrorAxes);
        Assert.NotEmpty(augmentation.MirrorAxes);
        Assert.Empty(TrainerMembers.Get<IReadOnlyList<int>>(demo, "MirrorAxes", augmentation));
        Assert.True(TrainerMembers.Get<bool>(demo, "DeepSupervision"));
    }
}
