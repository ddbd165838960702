using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Imaging;
using NnUNet.Core.Inference;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Tests.Host;
using NnUNet.Tests.TestSupport;
using TorchSharp;

namespace NnUNet.Tests.Training;

/// <summary>
/// The v1 cascade end to end on tiny data (<see cref="CascadeTask"/>): 3d_lowres folds leave out-of-fold predictions
/// on the 3d_fullres grid, 3d_cascade_fullres trains and validates with them, predict runs 3d_lowres first when -l is
/// not given (and then equals the run with -l on those predictions), find_best_configuration scores the cascade.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class CascadeTests(CascadeTask task) : IClassFixture<CascadeTask>
{
    static int ValidatingFold(string id) => Array.IndexOf(CascadeTask.Cases, id) < 2 ? 0 : 1;

    [Fact]
    public void LowresFoldsLeaveAnOutOfFoldPredictionOfEveryCaseOnTheFullresGrid()
    {
        string lowres = task.TrainerFolder(Configurations.LowRes3D, CascadeTask.LowresTrainer);
        foreach (string id in CascadeTask.Cases)
        {
            using var fullres = PreprocessedCase.Open(task.StageFolder(1), id);
            using var predicted = PreviousStageSegmentation.Open(task.PredictionsForNextStage, id);
            int fold = ValidatingFold(id);
            Assert.Equal(fullres.Shape, predicted.Shape);
            Assert.Contains($"fold {fold}", predicted.Source);

            // The fold's exported validation segmentation, taken to the fullres grid the way prediction takes a -l file.
            string exported = Path.Combine(lowres, $"fold_{fold}", FoldConsolidation.ValidationRawFolderName, id + ".nii.gz");
            var labels = NiftiReader.Read(exported);
            Assert.Equal(CascadeInput.ToStageGrid(labels.Data, labels.Shape, fullres.Properties, task.Plans.TransposeForward, exported), predicted.ReadAll());
            Assert.All(predicted.ReadAll(), v => Assert.True(v is 0 or 1 or 2));
        }
        Assert.Equal(CascadeTask.Cases.Length * 2, Directory.GetFiles(task.PredictionsForNextStage).Length); // .bin + .json per case
    }

    [Fact]
    public void ReferenceLabelsTakenToTheStageGridAreTheStoredSegmentation()
    {
        // What makes training and prediction inputs alike: the reference itself lands exactly on the preprocessed labels
        // (which hold -1 outside the nonzero mask where the reference has background).
        foreach (string id in CascadeTask.Cases)
        {
            using var fullres = PreprocessedCase.Open(task.StageFolder(1), id);
            var reference = NiftiReader.Read(task.RawLabel(id));
            var onGrid = CascadeInput.ToStageGrid(reference.Data, reference.Shape, fullres.Properties, task.Plans.TransposeForward, task.RawLabel(id));
            Assert.Equal(fullres.ReadSegmentation().Select(v => Math.Max(v, 0)), onGrid);
            Assert.NotEqual(reference.Shape, fullres.Shape.ToArray()); // cropped and transposed
        }
    }

    [Fact]
    public void CascadeTrainsAndValidatesWithOneChannelPerLowresForegroundLabel()
    {
        string cascade = task.TrainerFolder(Configurations.CascadeFullRes3D, CascadeTask.CascadeTrainer);
        foreach (string fold in new[] { "0", "1" })
        {
            string folder = Path.Combine(cascade, $"fold_{fold}");
            var checkpoint = TrainingCheckpoint.Read(folder, TrainingCheckpoint.Final);
            Assert.Equal(1 + 2, checkpoint.Network.InputChannels); // one modality + labels 1 and 2
            Assert.Equal(Configurations.CascadeFullRes3D, checkpoint.Configuration);
            Assert.Equal(task.Plans.PlansPerStage[1].PatchSize, checkpoint.PatchSize);
            using var debug = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, NnUNetTrainer.DebugFileName)));
            Assert.Equal(task.PredictionsForNextStage, debug.RootElement.GetProperty("previous_stage_folder").GetString());
            Assert.True(debug.RootElement.GetProperty("batch_dice").GetBoolean());       // spec §7: on for the cascade
            Assert.Equal(0, debug.RootElement.GetProperty("cascade_augmentation").GetProperty("component_removal_probability").GetDouble());
            Assert.Equal(2, EvaluationSummary.Read(Path.Combine(folder, FoldConsolidation.ValidationRawFolderName, EvaluationSummary.FileName)).Cases.Count);
        }
        // The cascade's own folder gets no pred_next_stage; only 3d_lowres writes one.
        Assert.False(Directory.Exists(Path.Combine(cascade, PreviousStageSegmentation.FolderName)));
    }

    [Fact]
    public void MissingLowresPredictionOrWrongTrainerIsOneLineSayingWhatToRun()
    {
        string header = PreviousStageSegmentation.HeaderPath(task.PredictionsForNextStage, "case_02");
        File.Move(header, header + ".aside");
        try
        {
            var e = Assert.Throws<InvalidInputException>(() =>
                CascadeTask.CascadeTrainerInstance().Run(task.Request(Configurations.CascadeFullRes3D, "Other", "0"), null, CancellationToken.None));
            Assert.Contains(header, e.Message);
            Assert.Contains("case case_02", e.Message);
            Assert.Contains($"nnunet train 3d_lowres {CascadeTask.LowresTrainer} {CascadeTask.TaskName} 1", e.Message); // fold 1 validates case_02
        }
        finally
        {
            File.Move(header + ".aside", header);
        }

        // 3d_lowres never trained by the previous-stage trainer: no pred_next_stage/ at all.
        var untrained = Assert.Throws<InvalidInputException>(() =>
            new TestTrainer(epochs: 1, previousStageTrainer: "NeverTrained").Run(task.Request(Configurations.CascadeFullRes3D, "Other", "0"), null, CancellationToken.None));
        Assert.StartsWith(Path.Combine(task.TrainerFolder(Configurations.LowRes3D, "NeverTrained"), PreviousStageSegmentation.FolderName) + ": not found", untrained.Message);
        Assert.Contains($"nnunet train {Configurations.LowRes3D} NeverTrained {CascadeTask.TaskName} FOLD", untrained.Message);

        var plain = Assert.Throws<InvalidInputException>(() =>
            CascadeTask.Trainer().Run(task.Request(Configurations.CascadeFullRes3D, "Other", "0"), null, CancellationToken.None));
        Assert.Contains(NnUNetTrainer.CascadeTrainerName, plain.Message);
        var wrongConfiguration = Assert.Throws<InvalidInputException>(() =>
            CascadeTask.CascadeTrainerInstance().Run(task.Request(Configurations.FullRes3D, "Other", "0"), null, CancellationToken.None));
        Assert.Contains("trains 3d_cascade_fullres only", wrongConfiguration.Message);
        Assert.False(Directory.Exists(task.TrainerFolder(Configurations.CascadeFullRes3D, "Other")));
    }

    [Fact]
    public void LowresFoldAllAndDisabledNextStagePredictionWriteNoPredictions()
    {
        // Fold all validates on its training cases: in-sample predictions would be better than any the cascade gets later.
        CascadeTask.Trainer().Run(task.Request(Configurations.LowRes3D, "AllFold", "all"), null, CancellationToken.None);
        string all = task.TrainerFolder(Configurations.LowRes3D, "AllFold");
        Assert.True(File.Exists(Path.Combine(all, "fold_all", FoldConsolidation.ValidationRawFolderName, EvaluationSummary.FileName)));
        Assert.False(Directory.Exists(Path.Combine(all, PreviousStageSegmentation.FolderName)));
        Assert.Contains(File.ReadAllLines(Directory.GetFiles(Path.Combine(all, "fold_all"), "training_log_*.txt").Single()),
            l => l.Contains("no out-of-fold predictions written"));

        CascadeTask.Trainer().Run(task.Request(Configurations.LowRes3D, "Disabled", "0") with { DisableNextStagePrediction = true }, null, CancellationToken.None);
        Assert.False(Directory.Exists(Path.Combine(task.TrainerFolder(Configurations.LowRes3D, "Disabled"), PreviousStageSegmentation.FolderName)));
    }

    [Fact]
    public void ALowresFileWithForeignLabelsIsAnErrorNamingIt()
    {
        string input = task.Combine("input_bad"), lowres = task.Combine("lowres_bad");
        Directory.CreateDirectory(input);
        Directory.CreateDirectory(lowres);
        File.Copy(task.RawImage("case_01"), Path.Combine(input, "case_01_0000.nii.gz"));
        var image = NiftiReader.Read(task.RawImage("case_01"));
        string bad = Path.Combine(lowres, "case_01.nii.gz");
        NiftiWriter.Write(bad, new Image(image.Data.Select(_ => 7f).ToArray(), 1, image.Shape, image.Geometry), NiftiDataType.UInt8);
        var e = Assert.Throws<InvalidInputException>(() => Predict(Configurations.CascadeFullRes3D, CascadeTask.CascadeTrainer,
            new PredictionRequest { InputFolder = input, OutputFolder = task.Combine("out_bad"), LowResolutionFolder = lowres, UseMirroring = false }));
        Assert.StartsWith($"{bad}: value 7 is not one of the model's labels 0..2", e.Message);
    }

    [Fact]
    public void PredictRunsLowresFirstWithoutLAndThenEqualsThePredictionWithL()
    {
        string input = task.Combine("input"), automatic = task.Combine("automatic"), lowres = task.Combine("lowres"), withL = task.Combine("with_l");
        Directory.CreateDirectory(input);
        foreach (string id in new[] { "case_00", "case_03" }) File.Copy(task.RawImage(id), Path.Combine(input, id + "_0000.nii.gz"));

        var host = BuiltHost.Run(null, "predict", "-i", input, "-o", automatic, "-t", "503", "-m", Configurations.CascadeFullRes3D,
            "-tr", CascadeTask.LowresTrainer, "-ctr", CascadeTask.CascadeTrainer, "--disable_tta", "--results", task.ResultsRoot);
        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.Contains(host.StdoutLines, l => l.Contains("3d_lowres first (no -l)"));

        // Without -l and without a trained 3d_lowres model: one line naming the missing model folder.
        var missing = BuiltHost.Run(null, "predict", "-i", input, "-o", task.Combine("no_lowres"), "-t", "503", "-m", Configurations.CascadeFullRes3D,
            "-tr", "NeverTrained", "-ctr", CascadeTask.CascadeTrainer, "--disable_tta", "--results", task.ResultsRoot);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains($"{task.TrainerFolder(Configurations.LowRes3D, "NeverTrained")}: model folder not found", Assert.Single(missing.StderrLines));

        // The same by hand: 3d_lowres as `predict -m 3d_lowres --disable_postprocessing`, then `predict` of the cascade with -l.
        var request = new PredictionRequest { InputFolder = input, OutputFolder = lowres, UseMirroring = false, ApplyPostprocessing = false };
        Predict(Configurations.LowRes3D, CascadeTask.LowresTrainer, request);
        host = BuiltHost.Run(null, "predict", "-i", input, "-o", withL, "-t", "503", "-m", Configurations.CascadeFullRes3D, "-l", lowres,
            "-tr", "NeverTrained", "-ctr", CascadeTask.CascadeTrainer, "--disable_tta", "--results", task.ResultsRoot); // -l: no 3d_lowres model needed
        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.DoesNotContain(host.StdoutLines, l => l.Contains("3d_lowres first"));
        Assert.False(Directory.Exists(Path.Combine(withL, CascadePrediction.LowResolutionFolderName)));

        foreach (string id in new[] { "case_00", "case_03" })
        {
            string file = id + ".nii.gz";
            Assert.Equal(NiftiReader.Read(Path.Combine(lowres, file)).Data, NiftiReader.Read(Path.Combine(automatic, CascadePrediction.LowResolutionFolderName, file)).Data);
            var cascade = NiftiReader.Read(Path.Combine(automatic, file));
            Assert.Equal(NiftiReader.Read(Path.Combine(withL, file)).Data, cascade.Data);
            Assert.Equal(NiftiReader.Read(task.RawImage(id)).Shape, cascade.Shape);
        }
    }

    [Fact]
    public void FindBestConfigurationScoresTheCascadeBesideTheLowresAndTheirEnsemble()
    {
        var request = new BestConfigurationRequest
        {
            TaskName = CascadeTask.TaskName,
            Configurations = [Configurations.LowRes3D, Configurations.CascadeFullRes3D],
            Trainer = CascadeTask.LowresTrainer,
            CascadeTrainer = CascadeTask.CascadeTrainer,
            Folds = [0, 1],
        };
        var result = new BestConfigurationFinder(task.Paths).Run(request);

        string plans = ExperimentPlans.PlansIdentifierV21;
        Assert.Equal([Configurations.LowRes3D, Configurations.CascadeFullRes3D,
            $"ensemble_3d_lowres__{CascadeTask.LowresTrainer}__{plans}--3d_cascade_fullres__{CascadeTask.CascadeTrainer}__{plans}"],
            result.Candidates.Select(c => c.Name));
        Assert.All(result.Candidates, c => Assert.Equal(CascadeTask.Cases.Length, c.Summary.Cases.Count));
        Assert.Empty(result.Skipped);
        string cascadeFolder = task.TrainerFolder(Configurations.CascadeFullRes3D, CascadeTask.CascadeTrainer);
        Assert.Equal(CascadeTask.Cases.Select(id => id + ".nii.gz"),
            Directory.GetFiles(Path.Combine(cascadeFolder, FoldConsolidation.CrossValidationRawFolderName), "*.nii.gz").Select(Path.GetFileName).Order());
        if (result.Best.Name != Configurations.LowRes3D)
            Assert.Contains($"-m 3d_cascade_fullres -tr {CascadeTask.LowresTrainer} -ctr {CascadeTask.CascadeTrainer}", result.PredictionCommands);
    }

    [Fact]
    public void FindBestConfigurationCommandScoresTheTrainedCascadeAndSkipsOrRefusesAnUntrainedOne()
    {
        string[] FindBest(string cascadeTrainer, params string[] extra) =>
        [
            "find_best_configuration", "-t", "503", "-tr", CascadeTask.LowresTrainer, "-ctr", cascadeTrainer, "-f", "0", "1",
            "--preprocessed", task.PreprocessedRoot, "--results", task.ResultsRoot, .. extra,
        ];
        string[] everything = ["-m", "2d", "3d_fullres", "3d_lowres", "3d_cascade_fullres"];

        // Trained cascade: scored beside 3d_lowres and ensembled with it; 2d and 3d_fullres are not trained here.
        var host = BuiltHost.Run(null, FindBest(CascadeTask.CascadeTrainer, everything));
        Assert.True(host.ExitCode == 0, host.ToString());
        string output = host.Stdout + host.Stderr;
        Assert.Contains("2d skipped:", output);
        Assert.Contains("3d_fullres skipped:", output);
        Assert.DoesNotContain("3d_cascade_fullres skipped", output);
        Assert.Contains($"ensemble_3d_lowres__{CascadeTask.LowresTrainer}__{ExperimentPlans.PlansIdentifierV21}--3d_cascade_fullres__{CascadeTask.CascadeTrainer}", output);
        Assert.Contains(host.StdoutLines, l => l.StartsWith("best: ", StringComparison.Ordinal));

        // Without --strict an untrained cascade is a warning; with it, one line naming the missing folder.
        string missing = task.TrainerFolder(Configurations.CascadeFullRes3D, "Untrained");
        host = BuiltHost.Run(null, FindBest("Untrained", "-m", "3d_lowres", "3d_cascade_fullres", "--disable_ensembling"));
        Assert.True(host.ExitCode == 0, host.ToString());
        Assert.Contains($"3d_cascade_fullres skipped: {missing} does not exist (not trained)", host.Stdout + host.Stderr);

        host = BuiltHost.Run(null, FindBest("Untrained", "-m", "3d_lowres", "3d_cascade_fullres", "--strict"));
        Assert.True(host.ExitCode == 1, host.ToString());
        Assert.Contains($"3d_cascade_fullres: {missing} does not exist (not trained)", Assert.Single(host.StderrLines));
    }

    void Predict(string configuration, string trainer, PredictionRequest request)
    {
        var model = TrainedModel.Open(task.TrainerFolder(configuration, trainer), configuration);
        var networks = model.LoadNetworks(TinyTask.GenericUNetOnly, torch.CPU);
        try
        {
            FolderPrediction.Run(request, model, networks, torch.CPU, null, CancellationToken.None);
        }
        finally
        {
            foreach (var network in networks) network.Dispose();
        }
    }
}
