using System.Composition;
using System.Composition.Hosting;
using NnUNet.Abstractions;
using NnUNet.Core.Training;
using NnUNet.Core.Training.Augmentation;
using NnUNet.Trainers.NnUNetTrainerV2;

namespace NnUNet.Tests.Training;

/// <summary>The nnUNetTrainerV2 plugin: its exports and what each variant changes of the default trainer.</summary>
public sealed class TrainerVariantTests
{
    static readonly string[] EpochVariants = ["1", "5", "10", "50", "100", "250", "500"];

    static List<Lazy<ITrainer, PluginMetadata>> Exports()
    {
        using var container = new ContainerConfiguration().WithAssembly(typeof(NnUNetTrainerV2).Assembly).CreateContainer();
        return [.. container.GetExports<Lazy<ITrainer, PluginMetadata>>()];
    }

    [Fact]
    public void EveryVariantIsExportedUnderItsV1Name()
    {
        string[] expected = ["nnUNetTrainerV2", .. EpochVariants.Select(n => $"nnUNetTrainerV2_{n}epochs"),
            "nnUNetTrainerV2_noDeepSupervision", "nnUNetTrainerV2_noMirroring", "nnUNetTrainerV2_noDataAugmentation", "nnUNetTrainerV2_demo",
            NnUNetTrainer.CascadeTrainerName];
        var exports = Exports();
        Assert.Equal(expected.Order(), exports.Select(e => e.Metadata.Name).Order());
        Assert.All(exports, e => Assert.False(string.IsNullOrWhiteSpace(e.Metadata.Description)));
        Assert.All(exports, e => Assert.Equal(e.Metadata.Name, ((NnUNetTrainer)e.Value).Name));
    }

    [Fact]
    public void EpochVariantsChangeOnlyTheEpochs()
    {
        foreach (var export in Exports().Where(e => e.Metadata.Name.EndsWith("epochs", StringComparison.Ordinal)))
        {
            var trainer = (NnUNetTrainer)export.Value;
            int epochs = int.Parse(export.Metadata.Name["nnUNetTrainerV2_".Length..^"epochs".Length]);
            Assert.Equal(epochs, TrainerMembers.Get<int>(trainer, "Epochs"));
            Assert.Equal(NnUNetTrainer.DefaultIterationsPerEpoch, TrainerMembers.Get<int>(trainer, "IterationsPerEpoch"));
            Assert.True(TrainerMembers.Get<bool>(trainer, "DeepSupervision"));
            // The poly schedule runs over the variant's epochs.
            Assert.Equal(0.01 * Math.Pow(1 - 1.0 / epochs, 0.9), TrainerMembers.Get<double>(trainer, "LearningRateAt", 1), 15);
        }
    }

    [Fact]
    public void MirroringAugmentationAndDeepSupervisionVariants()
    {
        using var task = TinyTask.Create3D();
        var context = TrainingContext.Load(task.Request());
        var defaults = TrainerMembers.Get<AugmentationParameters>(new NnUNetTrainerV2(), "CreateAugmentationParameters", context);
        Assert.Equal([0, 1, 2], TrainerMembers.Get<IReadOnlyList<int>>(new NnUNetTrainerV2(), "MirrorAxes", defaults));

        var noMirroring = new NnUNetTrainerV2_noMirroring();
        var parameters = TrainerMembers.Get<AugmentationParameters>(noMirroring, "CreateAugmentationParameters", context);
        Assert.Empty(parameters.MirrorAxes);
        Assert.True(parameters.Augment);
        Assert.Empty(TrainerMembers.Get<IReadOnlyList<int>>(noMirroring, "MirrorAxes", parameters));

        var noAugmentation = new NnUNetTrainerV2_noDataAugmentation();
        parameters = TrainerMembers.Get<AugmentationParameters>(noAugmentation, "CreateAugmentationParameters", context);
        Assert.False(parameters.Augment);
        Assert.Empty(TrainerMembers.Get<IReadOnlyList<int>>(noAugmentation, "MirrorAxes", parameters));

        var noDeepSupervision = new NnUNetTrainerV2_noDeepSupervision();
        Assert.False(TrainerMembers.Get<NetworkSpec>(noDeepSupervision, "CreateNetworkSpec", context).DeepSupervision);
        Assert.True(TrainerMembers.Get<NetworkSpec>(new NnUNetTrainerV2(), "CreateNetworkSpec", context).DeepSupervision);
    }

    [Fact]
    public void CascadeTrainerIsNnUNetTrainerV2OnTheLowresPredictionsOfNnUNetTrainerV2()
    {
        var cascade = new NnUNetTrainerV2CascadeFullRes();
        Assert.Equal("nnUNetTrainerV2", TrainerMembers.Get<string?>(cascade, "PreviousStageTrainer"));
        Assert.Null(TrainerMembers.Get<string?>(new NnUNetTrainerV2(), "PreviousStageTrainer"));
        Assert.Equal(NnUNetTrainer.DefaultEpochs, TrainerMembers.Get<int>(cascade, "Epochs"));
        Assert.True(TrainerMembers.Get<bool>(cascade, "DeepSupervision"));
        // v1 trains the cascade with the component removal that never fires (spec §7 cascade row).
        Assert.Equal(0, TrainerMembers.Get<CascadeAugmentationParameters>(cascade, "CreateCascadeAugmentationParameters", new object[] { null! }).ComponentRemovalProbability);
    }
}
