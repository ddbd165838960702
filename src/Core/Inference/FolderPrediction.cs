using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Inference;

/// <summary>
/// <c>nnunet predict</c> on a folder (spec §8): every case is read, cropped and preprocessed with the model's plans
/// (the training preprocessing, <see cref="CasePreprocessor"/>), predicted by the folds' networks with the sliding
/// window, exported to its raw grid, postprocessed with the model's postprocessing.json, and written. Cases stream
/// through <see cref="CasePipeline"/>: the next case is read while one is predicted and the previous one written.
/// </summary>
public static class FolderPrediction
{
    /// <summary>
    /// The cases of <paramref name="inputFolder"/> and their channel files; a case missing one of its
    /// <paramref name="channels"/> files is an <see cref="InvalidInputException"/> naming the file.
    /// </summary>
    public static IReadOnlyList<DatasetCase> ListCases(string inputFolder, int channels)
    {
        var cases = DatasetJsonGenerator.CaseIds(inputFolder).Select(id => new DatasetCase(id,
            Enumerable.Range(0, channels)
                .Select(c => Path.Combine(inputFolder, DatasetJsonReader.ChannelFileName(id, c, DatasetDescription.V1FileEnding))).ToList(),
            null)).ToList();
        if (cases.Count == 0) throw new InvalidInputException($"{inputFolder}: no CASE_XXXX.nii.gz files to predict.");
        foreach (var c in cases)
            if (c.Images.FirstOrDefault(f => !File.Exists(f)) is { } missing)
                throw new InvalidInputException($"{missing}: missing; the model takes {channels} channel file(s) per case (CASE_0000 ... CASE_{channels - 1:D4}).");
        string? extra = Directory.EnumerateFiles(inputFolder, "*" + DatasetDescription.V1FileEnding)
            .FirstOrDefault(f => !cases.Any(c => c.Images.Contains(f)));
        if (extra is not null)
            throw new InvalidInputException($"{extra}: a channel index beyond the {channels} channel(s) the model takes.");
        return cases;
    }

    /// <summary>Predicts every case; returns the case ids written. Each output file is written atomically.</summary>
    /// <param name="networks">The folds' networks (see <see cref="TrainedModel.LoadNetworks"/>).</param>
    public static IReadOnlyList<string> Run(PredictionRequest request, TrainedModel model, IReadOnlyList<SegmentationNetwork> networks,
        TorchSharp.torch.Device device, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var plans = model.Plans;
        var cases = ListCases(request.InputFolder, plans.NumModalities);
        bool cascade = model.InputChannels > plans.NumModalities;
        if (cascade && request.LowResolutionFolder is null)
            throw new InvalidInputException($"{model.Folder}: this cascade model takes the 3d_lowres prediction as input; pass its folder with -l.");
        int expected = plans.NumModalities + (cascade ? CascadeInput.Channels(model.NumClasses) : 0);
        if (model.InputChannels != expected)
            throw new InvalidInputException($"{model.Folder}: the networks take {model.InputChannels} channels, but the plans' {plans.NumModalities} modalities" +
                                            (cascade ? $" and {CascadeInput.Channels(model.NumClasses)} previous-stage labels" : "") + $" make {expected}.");
        int stage = plans.PlansPerStage.ToList().IndexOf(model.Stage);
        var postprocessor = request.ApplyPostprocessing && model.PostprocessingPath is { } pp ? SegmentationPostprocessing.Load(pp) : null;

        var settings = model.CreateSettings() with
        {
            UseMirroring = request.UseMirroring,
            StepSize = request.StepSize,
            BatchSize = request.BatchSize,
        };
        var predictor = new SlidingWindowPredictor(networks, settings, device);
        Directory.CreateDirectory(request.OutputFolder);
        var byId = cases.ToDictionary(c => c.Id);
        var ids = cases.Select(c => c.Id).ToList();

        CasePipeline.Run(ids,
            id =>
            {
                var raw = RawCase.Read(byId[id]);
                var preprocessed = CasePreprocessor.Preprocess(NonzeroCropper.Crop(raw), plans, stage);
                float[] data = preprocessed.Data;
                int channels = preprocessed.Channels;
                if (cascade)
                {
                    var labels = ReadLowResolution(Path.Combine(request.LowResolutionFolder!, id + DatasetDescription.V1FileEnding),
                        raw.Shape, preprocessed.Properties, plans.TransposeForward, model.NumClasses);
                    data = CascadeInput.Append(data, channels, labels, model.NumClasses);
                    channels = model.InputChannels;
                }
                return (Data: data, Channels: channels, preprocessed.Shape, preprocessed.Properties);
            },
            (_, input) =>
            {
                var probabilities = predictor.Predict(input.Data, input.Channels, input.Shape, cancellationToken);
                return (Probabilities: probabilities, input.Properties);
            },
            (id, result) =>
            {
                var exported = SegmentationExporter.Export(result.Probabilities, model.NumClasses, result.Properties, plans.TransposeForward,
                    new ExportOptions { KeepProbabilities = request.SaveProbabilities });
                if (request.SaveProbabilities)
                    ProbabilitiesFile.Write(Path.Combine(request.OutputFolder, id + ProbabilitiesFile.Extension), exported.Probabilities!,
                        exported.Classes, exported.Segmentation.Shape, exported.Properties);
                postprocessor?.Apply(exported.Segmentation);
                NiftiWriter.Write(Path.Combine(request.OutputFolder, id + DatasetDescription.V1FileEnding), exported.Segmentation);
            },
            progress, "predict", cancellationToken);
        return ids;
    }

    /// <summary>
    /// The 3d_lowres segmentation of a case (raw grid) on the case's preprocessed grid (<see cref="CascadeInput.ToStageGrid"/>).
    /// </summary>
    static float[] ReadLowResolution(string file, int[] rawShape, CaseProperties properties, IReadOnlyList<int> transposeForward, int classes)
    {
        if (!File.Exists(file)) throw new InvalidInputException($"{file}: the 3d_lowres prediction of this case is missing.");
        var lowres = NiftiReader.Read(file);
        foreach (float label in lowres.Data)
            if (label < 0 || label >= classes || label != MathF.Round(label))
                throw new InvalidInputException($"{file}: value {label} is not one of the model's labels 0..{classes - 1}; is this a 3d_lowres prediction of the same task?");
        return CascadeInput.ToStageGrid(lowres.Data, lowres.Shape, properties, transposeForward, file);
    }
}
