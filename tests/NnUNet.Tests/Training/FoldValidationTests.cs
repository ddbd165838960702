using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>
/// The final validation of a trained fold (spec §7): validation_raw/ with a prediction (and --npz probabilities) per
/// validation case, summary.json, v1's per-fold postprocessing; and the trained folder is a model folder the predictor
/// loads (the inference branch's contract), giving the same labels.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class FoldValidationTests
{
    public FoldValidationTests() => torch.set_num_threads(1);

    [Fact]
    public void TrainedFoldIsValidatedScoredAndLoadableForPrediction()
    {
        using var task = TinyTask.Create3D();
        new TestTrainer(epochs: 4, iterations: 6) { Validate = true }.Run(task.Request(saveProbabilities: true), null, CancellationToken.None);

        string fold = task.FoldFolder("TestTrainer");
        string validation = Path.Combine(fold, FoldConsolidation.ValidationRawFolderName);
        var split = SplitsFile.Read(Path.Combine(task.TaskDirectory, SplitsFile.FileName), task.CaseIds.ToHashSet())[0];
        Assert.Equal(split.Val.Select(id => id + ".nii.gz"), FolderEvaluator.ListCases(validation, "validation"));
        Assert.Equal(split.Val.Select(id => id + ".npz"), Directory.GetFiles(validation, "*.npz").Select(Path.GetFileName).Order());
        var summary = EvaluationSummary.Read(Path.Combine(validation, EvaluationSummary.FileName));
        Assert.Equal([0, 1], summary.Labels);                       // v1 validation scores background too
        Assert.Equal(split.Val.Count, summary.Cases.Count);
        Assert.True(summary.MeanDice(1) > 0.3, $"validation Dice {summary.MeanDice(1):F3}");
        Assert.True(File.Exists(Path.Combine(fold, Postprocessing.FileName)));
        Assert.True(Directory.Exists(Path.Combine(fold, FoldValidation.PostprocessedFolderName)));
        Assert.All(split.Val, id => Assert.True(File.Exists(Path.Combine(task.OutputDirectory("TestTrainer"), FoldConsolidation.ReferenceFolderName, id + ".nii.gz"))));

        // The trainer folder is a model folder for prediction: same network, same mirror axes, same labels.
        var model = NnUNet.Core.Inference.TrainedModel.Open(task.OutputDirectory("TestTrainer"), task.Configuration, ["0"]);
        Assert.Equal([0, 1, 2], model.CreateSettings().MirrorAxes);
        var networks = model.LoadNetworks(TinyTask.GenericUNetOnly, CPU);
        using var preprocessed = PreprocessedCase.Open(Path.Combine(task.TaskDirectory, "nnUNetData_plans_v2.1_stage0"), split.Val[0]);
        float[] probabilities = new SlidingWindowPredictor(networks, model.CreateSettings(), CPU).Predict(preprocessed.ReadData(), 1, [.. preprocessed.Shape]);
        var exported = SegmentationExporter.Export(probabilities, model.NumClasses, preprocessed.Properties, model.Plans.TransposeForward);
        var written = NiftiReader.Read(Path.Combine(validation, split.Val[0] + ".nii.gz"));
        Assert.Equal(written.Data.Select(v => (int)v), Enumerable.Range(0, (int)exported.Segmentation.VoxelCount).Select(i => exported.Segmentation[i]));
        foreach (var n in networks) n.Dispose();

        // -val validates again from model_final_checkpoint, without training.
        Directory.Delete(validation, recursive: true);
        new TestTrainer(epochs: 4, iterations: 6) { Validate = true }.Run(task.Request(validationOnly: true), null, CancellationToken.None);
        Assert.Equal(summary.MeanDice(1), EvaluationSummary.Read(Path.Combine(validation, EvaluationSummary.FileName)).MeanDice(1));
    }
}
