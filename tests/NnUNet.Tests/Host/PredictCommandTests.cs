using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using NnUNet.Tests.Inference;
using NnUNet.Tests.TestSupport;
using TorchSharp;

namespace NnUNet.Tests.Host;

/// <summary>`nnunet predict` as a user runs it, with a Generic U-Net fold saved in the results layout.</summary>
public class PredictCommandTests
{
    public PredictCommandTests() => torch.set_num_threads(1);

    static readonly int[] Shape = [10, 12, 9];
    static readonly NetworkSpec Spec = new(3, 1, 2, [[2, 2, 2]], [[3, 3, 3], [3, 3, 3]], BaseFeatures: 4, MaxFeatures: 8);

    static string WriteModel(string results)
    {
        var fingerprint = new DatasetFingerprint
        {
            Cases = Enumerable.Range(0, 3).Select(i => new CaseFingerprint { CaseIdentifier = $"c{i}", Spacing = [1, 1, 1], ShapeAfterCropping = Shape, SizeReduction = 1 }).ToArray(),
            Modalities = ["MRI"],
            AllClasses = [1],
        };
        var plans = ExperimentPlanner.Plan(fingerprint).Plans3D!;
        plans = plans with { PlansPerStage = [plans.PlansPerStage[^1] with { PatchSize = [8, 8, 8] }] };
        string model = Path.Combine(results, "nnUNet", "3d_fullres", "Task501_Test", "nnUNetTrainerV2__nnUNetPlansv2.1");
        string fold = TrainedModel.FoldFolder(model, "0");
        Directory.CreateDirectory(fold);
        plans.Write(Path.Combine(model, TrainedModel.PlansFileName));
        using var network = new GenericUNetArchitecture().Build(Spec, torch.CPU);
        network.save(Path.Combine(fold, TrainedModel.FinalCheckpoint + TrainedModel.WeightsExtension));
        CheckpointDescription.Create(GenericUNetArchitecture.Name, Spec, [8, 8, 8], [0, 1, 2])
            .Write(Path.Combine(fold, TrainedModel.FinalCheckpoint + TrainedModel.DescriptionExtension));
        return model;
    }

    [Fact]
    public void PredictsEveryCaseOnItsOwnGrid()
    {
        using var temp = new TempDirectory();
        WriteModel(temp.Combine("results"));
        string input = temp.Combine("input"), output = temp.Combine("output");
        Directory.CreateDirectory(input);
        var random = new Random(1);
        var geometry = ExportFixtures.Geometry([1, 1, 1]);
        foreach (string id in new[] { "a", "b" })
            NiftiWriter.Write(Path.Combine(input, id + "_0000.nii.gz"),
                new Image(Enumerable.Range(0, 1080).Select(_ => (float)random.NextDouble() + 1).ToArray(), 1, Shape, geometry));

        var result = BuiltHost.Run(null, "predict", "-i", input, "-o", output, "-t", "501", "--results", temp.Combine("results"),
            "--disable_tta", "--save_npz");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 cases predicted", result.Stdout);
        foreach (string id in new[] { "a", "b" })
        {
            var header = NiftiReader.ReadHeader(Path.Combine(output, id + ".nii.gz"));
            Assert.Equal(Shape, header.Shape);
            Assert.Equal(NiftiDataType.UInt8, header.DataType);
            Assert.All(NiftiReader.Read(Path.Combine(output, id + ".nii.gz")).Data, v => Assert.True(v is 0 or 1));
            Assert.True(File.Exists(Path.Combine(output, id + ".npz")));
        }
    }

    [Fact]
    public void AMissingFoldIsOneLineNamingTheCheckpoint()
    {
        using var temp = new TempDirectory();
        string model = WriteModel(temp.Combine("results"));
        Directory.CreateDirectory(temp.Combine("input"));

        var result = BuiltHost.Run(null, "predict", "-i", temp.Combine("input"), "-o", temp.Combine("output"), "-t", "Task501_Test",
            "--results", temp.Combine("results"), "-f", "0", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Contains(Path.Combine(model, "fold_1", "model_final_checkpoint.model"), result.Stderr);
    }
}
