using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using NnUNet.Tests.TestSupport;
using TorchSharp;

namespace NnUNet.Tests.Inference;

/// <summary>
/// Predict on a folder end to end (read, crop, transpose, normalise, sliding window, export, write) with a network
/// whose answer is known: a pointwise threshold of the normalised intensity. The images hold two intensities inside
/// a box and zeros around it, so the prediction must be the bright region exactly, on the input's grid.
/// </summary>
public class FolderPredictionTests
{
    public FolderPredictionTests() => torch.set_num_threads(1);

    static readonly double[] Spacing = [0.9, 0.8, 3.0];   // x coarsest: the plans put it first
    static readonly int[] Patch = [4, 8, 8];

    /// <summary>Zeros outside a box; inside, 20 in a bright blob and 10 elsewhere. Returns the image and the bright mask.</summary>
    static (float[] Image, float[] Bright) Case(int[] shape, int seed)
    {
        int voxels = shape[0] * shape[1] * shape[2];
        var image = new float[voxels];
        var bright = new float[voxels];
        for (int z = 1; z < shape[0] - 1; z++)
        for (int y = 2; y < shape[1] - 1; y++)
        for (int x = 1; x < shape[2]; x++)
        {
            int i = (z * shape[1] + y) * shape[2] + x;
            bool blob = Math.Sin(0.9 * z + seed) + Math.Cos(0.7 * y) + 0.3 * x > 1.2;
            image[i] = blob ? 20 : 10;
            bright[i] = blob ? 1 : 0;
        }
        return (image, bright);
    }

    static ExperimentPlans Plans(int[][] shapes)
    {
        var fingerprint = new DatasetFingerprint
        {
            Cases = shapes.Select((s, i) => new CaseFingerprint { CaseIdentifier = $"c{i}", Spacing = Spacing, ShapeAfterCropping = s, SizeReduction = 1 }).ToArray(),
            Modalities = ["MRI"],
            AllClasses = [1],
        };
        var plans = ExperimentPlanner.Plan(fingerprint).Plans3D!;
        return plans with { PlansPerStage = [plans.PlansPerStage[^1] with { PatchSize = Patch }] };
    }

    /// <summary>A model folder whose fold_0 describes a 2-class pointwise network (the networks are passed directly).</summary>
    static TrainedModel Model(string folder, ExperimentPlans plans)
    {
        plans.Write(Path.Combine(folder, TrainedModel.PlansFileName));
        string fold = TrainedModel.FoldFolder(folder, "0");
        Directory.CreateDirectory(fold);
        File.WriteAllBytes(Path.Combine(fold, TrainedModel.FinalCheckpoint + TrainedModel.WeightsExtension), [0]);
        CheckpointDescription.Create("Pointwise", new NetworkSpec(3, 1, 2, [[2, 2, 2]], [[1, 1, 1], [1, 1, 1]]), Patch, [0, 1, 2])
            .Write(Path.Combine(fold, TrainedModel.FinalCheckpoint + TrainedModel.DescriptionExtension));
        return TrainedModel.Open(folder, Configurations.FullRes3D);
    }

    static SegmentationNetwork Threshold() => new TestNetworks.Pointwise([-40f, 40f], [0f, 0f], 3);

    [Fact]
    public void PredictionsAreTheKnownAnswerOnTheInputGrid()
    {
        using var dir = new TempDirectory();
        int[][] shapes = [[12, 14, 6], [9, 17, 7]];
        string input = dir.Combine("input"), output = dir.Combine("output");
        Directory.CreateDirectory(input);
        var geometry = ExportFixtures.Geometry(Spacing);
        var expected = new List<float[]>();
        for (int i = 0; i < shapes.Length; i++)
        {
            var (image, bright) = Case(shapes[i], i);
            NiftiWriter.Write(Path.Combine(input, $"case_{i}_0000.nii.gz"), new Image(image, 1, shapes[i], geometry));
            expected.Add(bright);
        }
        var plans = Plans(shapes);
        Assert.Equal([2, 0, 1], plans.TransposeForward);
        var model = Model(dir.Combine("model"), plans);

        var request = new PredictionRequest { InputFolder = input, OutputFolder = output, SaveProbabilities = true };
        var written = FolderPrediction.Run(request, model, [Threshold()], torch.CPU, null, CancellationToken.None);

        Assert.Equal(["case_0", "case_1"], written);
        for (int i = 0; i < shapes.Length; i++)
        {
            var prediction = NiftiReader.Read(Path.Combine(output, $"case_{i}.nii.gz"));
            Assert.Equal(shapes[i], prediction.Shape);
            Assert.Equal(expected[i], prediction.Data);
            // The geometry the input file reads as, to the float32 precision NIfTI stores it in.
            var inputGeometry = NiftiReader.ReadHeader(Path.Combine(input, $"case_{i}_0000.nii.gz")).Geometry;
            foreach (var (a, b) in new[] { (inputGeometry.Origin, prediction.Geometry.Origin), (inputGeometry.Direction, prediction.Geometry.Direction),
                         (inputGeometry.Spacing, prediction.Geometry.Spacing) })
                for (int k = 0; k < a.Length; k++) Assert.Equal(a[k], b[k], 1e-6);
            // The saved probabilities are at the raw shape, their argmax is the segmentation, zeros outside the crop box.
            string npz = Path.Combine(output, $"case_{i}.npz");
            var sum = new float[2 * expected[i].Length];
            ProbabilitiesFile.AddTo(npz, sum, 2, shapes[i]);
            int voxels = expected[i].Length;
            for (int v = 0; v < voxels; v++) Assert.Equal(expected[i][v], sum[voxels + v] > sum[v] ? 1f : 0f);
            Assert.Equal(0f, sum[0] + sum[voxels]);
        }
    }

    [Fact]
    public void AnUnreadableCaseIsOneErrorNamingItAndEarlierCasesAreWritten()
    {
        using var dir = new TempDirectory();
        int[][] shapes = [[12, 14, 6], [9, 17, 7]];
        string input = dir.Combine("input"), output = dir.Combine("output");
        Directory.CreateDirectory(input);
        for (int i = 0; i < shapes.Length; i++)
            NiftiWriter.Write(Path.Combine(input, $"case_{i}_0000.nii.gz"), new Image(Case(shapes[i], i).Image, 1, shapes[i], ExportFixtures.Geometry(Spacing)));
        string broken = Path.Combine(input, "case_1_0000.nii.gz");
        var bytes = File.ReadAllBytes(broken);
        File.WriteAllBytes(broken, bytes[..(bytes.Length / 2)]);
        var model = Model(dir.Combine("model"), Plans(shapes));

        var e = Assert.Throws<InvalidInputException>(() => FolderPrediction.Run(
            new PredictionRequest { InputFolder = input, OutputFolder = output }, model, [Threshold()], torch.CPU, null, CancellationToken.None));

        Assert.StartsWith(broken, e.Message);
        Assert.True(File.Exists(Path.Combine(output, "case_0.nii.gz")));
        Assert.False(File.Exists(Path.Combine(output, "case_1.nii.gz")));
        Assert.Empty(Directory.EnumerateFiles(output, "*.tmp"));
    }

    [Fact]
    public void AMissingChannelFileIsAnErrorNamingIt()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("input"));
        NiftiWriter.Write(dir.Combine("input", "a_0000.nii.gz"), new Image(new float[8], 1, [2, 2, 2], ImageGeometry.Identity));
        NiftiWriter.Write(dir.Combine("input", "b_0001.nii.gz"), new Image(new float[8], 1, [2, 2, 2], ImageGeometry.Identity));
        var e = Assert.Throws<InvalidInputException>(() => FolderPrediction.ListCases(dir.Combine("input"), 2));
        Assert.Contains(dir.Combine("input", "a_0001.nii.gz"), e.Message);
    }
}
