using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Datasets;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>What the three presets share: finding the frames, registering case ids, converting on all cores, dataset.json.</summary>
internal static class CellTrackingConversion
{
    /// <summary>The annotated frames of every sequence of SOURCE/train/DATASET. Unannotated frames are skipped, or an error when <paramref name="everyFrameAnnotated"/>.</summary>
    public static IEnumerable<CellTrackingCase> TrainingCases(string source, string dataset, bool everyFrameAnnotated, Func<string, string, CellTrackingFrame, string> id)
    {
        string folder = CellTrackingLayout.DatasetFolder(source, CellTrackingLayout.Train, dataset)!;
        foreach (string sequence in CellTrackingLayout.Sequences(folder))
        foreach (CellTrackingFrame frame in CellTrackingLayout.Frames(folder, sequence))
        {
            if (frame.GroundTruthPath is null)
            {
                if (everyFrameAnnotated)
                    throw new InvalidInputException($"{frame.Path}: missing label: no {sequence}_GT/SEG/man_seg{frame.Name[1..]}{Path.GetExtension(frame.Path)} in {folder}");
                continue;
            }
            yield return new CellTrackingCase(id(dataset, sequence, frame), CaseSet.Training, dataset, sequence, frame);
        }
    }

    /// <summary>Every frame of every sequence of SOURCE/test/DATASET (none when that folder is absent).</summary>
    public static IEnumerable<CellTrackingCase> TestCases(string source, string dataset, Func<string, string, CellTrackingFrame, string> id)
    {
        if (CellTrackingLayout.DatasetFolder(source, CellTrackingLayout.Test, dataset) is not { } folder) yield break;
        foreach (string sequence in CellTrackingLayout.Sequences(folder))
        foreach (CellTrackingFrame frame in CellTrackingLayout.Frames(folder, sequence))
            yield return new CellTrackingCase(id(dataset, sequence, frame), CaseSet.Test, dataset, sequence, frame);
    }

    /// <summary>Registers every case id (a collision is an error), converts the cases on all cores and writes dataset.json.</summary>
    public static DatasetDescription Run(
        ConversionRequest request,
        IReadOnlyList<CellTrackingCase> cases,
        Action<CellTrackingCase, RawTaskWriter> convert,
        IReadOnlyList<string> modalities,
        LabelSet labels,
        string description,
        IProgress<ProgressUpdate>? progress,
        CancellationToken cancellationToken)
    {
        if (!cases.Any(c => c.Set == CaseSet.Training))
            throw new InvalidInputException($"{request.SourceDirectory}: no annotated training frames found");
        var writer = new RawTaskWriter(request.TaskDirectory);
        foreach (CellTrackingCase c in cases) writer.Register(c.Set, c.Id, c.Frame.Path);
        CaseRunner.Run(cases, c => c.Id, c => convert(c, writer), progress, cancellationToken);
        return writer.WriteDatasetJson(request, modalities, labels, description);
    }
}
