using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Imaging;
using NnUNet.Core.Training;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>
/// nnU-Net v1's Task075_Fluo_C3DH_A549_ManAndSim (spec §2): Fluo-C3DH-A549 (manual annotations) and its simulated
/// twin -SIM. Annotated training frames become cases <c>DATASET__SEQ__tNNN</c>; images float32 at spacing
/// (1, 0.126, 0.126); instances > 0 -> 1. Test frames are named after their own dataset, so the two test sets no
/// longer collide (the original script gave both the -SIM prefix). The 4-fold split of the original (each
/// sequence once the validation set, training on everything else) is written to splits_final.json in the Task
/// folder; copy it next to the preprocessed data to use it.
/// </summary>
[DatasetConverter("Task075_Fluo_C3DH_A549_ManAndSim",
    Description = "Cell Tracking Challenge Fluo-C3DH-A549 + A549-SIM as nnU-Net v1's Task075: 3D stacks, cell vs background, 4-fold sequence split",
    Input = "{train,test}/Fluo-C3DH-A549{,-SIM}/01/t000.tif ... with train/.../01_GT/SEG/man_seg000.tif (Cell Tracking Challenge downloads)")]
public sealed class Task075FluoC3dhA549Converter : IDatasetConverter
{
    static readonly string[] Datasets = ["Fluo-C3DH-A549", "Fluo-C3DH-A549-SIM"];
    // spec §2, Task075.
    static readonly double[] Spacing = [1, 0.126, 0.126];

    public IReadOnlyList<ConverterOption> Options => [];

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        static string Id(string dataset, string sequence, CellTrackingFrame frame) => $"{dataset}__{sequence}__{frame.Name}";
        List<CellTrackingCase> cases =
        [
            .. Datasets.SelectMany(d => CellTrackingConversion.TrainingCases(request.SourceDirectory, d, everyFrameAnnotated: false, Id)),
            .. Datasets.SelectMany(d => CellTrackingConversion.TestCases(request.SourceDirectory, d, Id)),
        ];
        CellTrackingConversion.Run(request, cases, ConvertCase, ["BF"],
            LabelSet.Create([new(0, LabelSet.BackgroundName), new(1, "cell")], "Task075"),
            "Fluo-C3DH-A549 and Fluo-C3DH-A549-SIM of the Cell Tracking Challenge", progress, cancellationToken);
        SplitsFile.Write(Path.Combine(request.TaskDirectory, SplitsFile.FileName), Splits(cases.Where(c => c.Set == CaseSet.Training).ToList()));
    }

    static void ConvertCase(CellTrackingCase c, RawTaskWriter writer)
    {
        SourceImage image = TiffFile.Read(c.Frame.Path);
        image.EnsureFinite();
        ImageGeometry geometry = ImageGeometry.Identity.WithSpacing(Spacing);
        writer.WriteImage(c.Set, c.Id, image.ToImage(geometry), NiftiDataType.Float32);
        if (c.Set != CaseSet.Training) return;
        SourceImage instances = CellTrackingLayout.ReadGroundTruth(c.Frame, image);
        float[] cells = instances.Channel(0).ToArray();
        for (int i = 0; i < cells.Length; i++) cells[i] = cells[i] > 0 ? 1 : 0;
        writer.WriteLabel(c.Set, c.Id, new Image(cells, 1, image.Shape, geometry));
    }

    /// <summary>One fold per (dataset, sequence), later sequences first as in the original: validate on it, train on the rest.</summary>
    static List<FoldSplit> Splits(List<CellTrackingCase> training) =>
        training.Select(c => (c.Dataset, c.Sequence)).Distinct()
            .OrderBy(k => Array.IndexOf(Datasets, k.Dataset)).ThenByDescending(k => k.Sequence, StringComparer.Ordinal)
            .Select(held => new FoldSplit(
                training.Where(c => (c.Dataset, c.Sequence) != held).Select(c => c.Id).Order(StringComparer.Ordinal).ToList(),
                training.Where(c => (c.Dataset, c.Sequence) == held).Select(c => c.Id).Order(StringComparer.Ordinal).ToList()))
            .ToList();
}
