using System.Reflection;
using NnUNet.Abstractions;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;
using NnUNet.Trainers.NnUNetTrainerV2;

namespace NnUNet.Tests.Training;

/// <summary>What the demo trainer changes of nnUNetTrainerV2: length, network width and test-time mirroring, nothing else.</summary>
public sealed class NnUNetTrainerV2DemoTests
{
    static T Member<T>(NnUNetTrainer trainer, string name, params object[] arguments)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic;
        var property = typeof(NnUNetTrainer).GetProperty(name, flags);
        object? value = property is not null ? property.GetValue(trainer) : typeof(NnUNetTrainer).GetMethod(name, flags)!.Invoke(trainer, arguments);
        return (T)value!;
    }

    [Fact]
    public void ShortensTrainingNarrowsTheNetworkAndSkipsTestTimeMirroringOnly()
    {
        using var task = TinyTask.Create3D();
        var context = TrainingContext.Load(task.Request());
        var demo = new NnUNetTrainerV2_demo();
        var standard = new NnUNetTrainerV2();

        Assert.Equal("nnUNetTrainerV2_demo", demo.Name);
        Assert.Equal(NnUNetTrainerV2_demo.DemoEpochs, Member<int>(demo, "Epochs"));
        Assert.Equal(NnUNetTrainerV2_demo.DemoIterations, Member<int>(demo, "IterationsPerEpoch"));
        Assert.Equal(NnUNetTrainerV2_demo.DemoValidationIterations, Member<int>(demo, "ValidationIterationsPerEpoch"));
        // The poly schedule runs over the demo's epochs.
        Assert.Equal(0.01 * Math.Pow(1 - 1.0 / NnUNetTrainerV2_demo.DemoEpochs, 0.9), Member<double>(demo, "LearningRateAt", 1), 15);

        var demoSpec = Member<NetworkSpec>(demo, "CreateNetworkSpec", context);
        var standardSpec = Member<NetworkSpec>(standard, "CreateNetworkSpec", context);
        Assert.Equal(NnUNetTrainerV2_demo.DemoBaseFeatures, demoSpec.BaseFeatures);
        Assert.Equal(standardSpec.PoolKernelSizes, demoSpec.PoolKernelSizes);
        Assert.Equal(standardSpec.ConvKernelSizes, demoSpec.ConvKernelSizes);
        Assert.Equal(standardSpec with { BaseFeatures = demoSpec.BaseFeatures, PoolKernelSizes = demoSpec.PoolKernelSizes, ConvKernelSizes = demoSpec.ConvKernelSizes },
            demoSpec); // everything else as the plans say

        // Training still mirrors (augmentation as nnUNetTrainerV2); validation and prediction do not.
        var augmentation = Member<AugmentationParameters>(demo, "CreateAugmentationParameters", context);
        Assert.Equal(Member<AugmentationParameters>(standard, "CreateAugmentationParameters", context).MirrorAxes, augmentation.MirrorAxes);
        Assert.NotEmpty(augmentation.MirrorAxes);
        Assert.Empty(Member<IReadOnlyList<int>>(demo, "MirrorAxes", augmentation));
        Assert.True(Member<bool>(demo, "DeepSupervision"));
    }
}
