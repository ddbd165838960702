using NnUNet.Core.Datasets;
using NnUNet.Core.Evaluation;
using NnUNet.Core.Inference;
using NnUNet.Tests.Inference;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Evaluation;

/// <summary>
/// A synthetic results tree as training leaves it (spec §11): the preprocessed task's gt_segmentations and, per
/// configuration, <c>fold_X/validation_raw/CASE.nii.gz</c> (+ <c>CASE.npz</c>) with the fold's summary.json. Fold f
/// validates case f. Predictions are made from the references by a function, so their scores are known.
/// </summary>
internal sealed class TrainedTaskBuilder
{
    public const string Task = "Task501_Test";
    public const int Cases = 5;

    public TrainedTaskBuilder(TempDirectory temp)
    {
        Paths = NnUNetPaths.Resolve(new NnUNetFolderOptions(Preprocessed: temp.Combine("preprocessed"), Results: temp.Combine("results")), _ => null);
        GtSegmentations = Path.Combine(Paths.PreprocessedFolder, Task, "gt_segmentations");
        Directory.CreateDirectory(GtSegmentations);
        for (int i = 0; i < Cases; i++) Reference(i).Write(Path.Combine(GtSegmentations, CaseFile(i)));
    }

    public NnUNetPaths Paths { get; }
    public string GtSegmentations { get; }

    public static string CaseId(int i) => $"case_{i:D2}";
    public static string CaseFile(int i) => CaseId(i) + FolderEvaluator.FileSuffix;

    /// <summary>Case i: a class-1 box growing with i, and a class-2 box touching it.</summary>
    public static LabelVolume Reference(int i) => new LabelVolume(4, 10, 10).Box(1, 0, 3, 1, 6 + i % 3, 1, 6).Box(2, 1, 3, 6, 9, 2, 5);

    /// <summary>The reference with a far class-1 blob: keeping the largest component repairs it.</summary>
    public static LabelVolume WithBlob(int i) => Reference(i).Box(1, 3, 4, 8, 10, 8, 10);

    /// <summary>The reference without the left (x &lt; 3) part of class 1.</summary>
    public static LabelVolume MissingLeft(int i) { var v = Reference(i); Erase(v, 0, 3); return v; }

    /// <summary>The reference without the right (x ≥ 3) part of class 1.</summary>
    public static LabelVolume MissingRight(int i) { var v = Reference(i); Erase(v, 3, 10); return v; }

    static void Erase(LabelVolume v, int x0, int x1)
    {
        for (int z = 0; z < v.Shape[0]; z++)
            for (int y = 0; y < v.Shape[1]; y++)
                for (int x = x0; x < x1; x++)
                    if (v[z, y, x] == 1) v[z, y, x] = 0;
    }

    public string TrainerFolder(string configuration, string trainer = TrainedConfiguration.DefaultTrainer) =>
        Paths.TrainingOutputFolder(configuration, Task, trainer, "nnUNetPlansv2.1");

    /// <summary>
    /// Writes the validation of every fold (or of <paramref name="folds"/>) of a configuration: the predicted label
    /// map, its summary.json and, with <paramref name="probabilities"/>, CASE.npz + CASE.json whose argmax is the
    /// prediction: 0.9 for the predicted label where it is right, a narrow 0.55 against 0.45 for the true label where
    /// it is wrong (so the mean with a model that is right there recovers the truth).
    /// </summary>
    public string Train(string configuration, Func<int, LabelVolume> predict, bool probabilities = true, int[]? folds = null,
        string trainer = TrainedConfiguration.DefaultTrainer)
    {
        string folder = TrainerFolder(configuration, trainer);
        foreach (int fold in folds ?? Enumerable.Range(0, Cases).ToArray())
        {
            string validation = Path.Combine(FoldConsolidation.FoldFolder(folder, fold), FoldConsolidation.ValidationRawFolderName);
            Directory.CreateDirectory(validation);
            LabelVolume prediction = predict(fold);
            string file = prediction.Write(Path.Combine(validation, CaseFile(fold)));
            if (probabilities) WriteProbabilities(Path.Combine(validation, CaseId(fold) + ProbabilitiesFile.Extension), Reference(fold), prediction);
            FolderEvaluator.EvaluatePairs([(file, Path.Combine(GtSegmentations, CaseFile(fold)))], [0, 1, 2])
                .Write(Path.Combine(validation, EvaluationSummary.FileName));
        }
        return folder;
    }

    const int Classes = 3;

    static void WriteProbabilities(string path, LabelVolume reference, LabelVolume prediction)
    {
        int voxels = prediction.Data.Length;
        var values = new Half[Classes * voxels];
        for (int v = 0; v < voxels; v++)
        {
            int predicted = (int)prediction.Data[v], truth = (int)reference.Data[v];
            for (int c = 0; c < Classes; c++)
                values[c * voxels + v] = (Half)(predicted == truth
                    ? (c == predicted ? 0.9f : 0.05f)
                    : c == predicted ? 0.55f : c == truth ? 0.45f : 0f);
        }
        int[] shape = prediction.Shape;
        var properties = ExportFixtures.Properties(Path.GetFileNameWithoutExtension(path), shape, shape.Select(s => new[] { 0, s }).ToArray(),
            LabelVolume.Geometry.Spacing, LabelVolume.Geometry, [0, 1, 2], shape, LabelVolume.Geometry.Spacing);
        ProbabilitiesFile.Write(path, values, Classes, shape, properties);
    }
}
