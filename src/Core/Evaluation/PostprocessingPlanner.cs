using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Core.IO;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// nnU-Net v1's <c>determine_postprocessing</c> (spec §9) on a folder of raw predictions with a summary.json:
/// (1) keep the largest component of all foreground classes merged; accepted when some class's mean Dice strictly
/// improves and none gets worse; (2) with more than one class, on top of the result of (1) if accepted (else the
/// raw predictions), keep the largest component of each class; accepted per class when its mean Dice improves.
/// Writes the postprocessed folder (with its summary.json) and postprocessing.json.
/// </summary>
/// <remarks>
/// Every candidate is scored in memory in a single read of each case: a class's counts depend only on the voxels
/// of that class, which the steps for other classes never turn into it, so the counts of the final result are
/// those of the candidate chosen for each class. The folders are then written in a second pass.
/// </remarks>
public static class PostprocessingPlanner
{
    /// <summary>Dice must exceed the previous value by more than this to accept a step (v1: 0, strictly better). spec §9</summary>
    public const double DiceThreshold = 0;

    /// <summary>
    /// Decides the postprocessing for <paramref name="baseFolder"/>/<paramref name="rawSubfolder"/> (label maps +
    /// summary.json, whose non-background labels are the classes) against the references of the same names in
    /// <paramref name="referenceFolder"/>. Writes <paramref name="baseFolder"/>/<paramref name="finalSubfolder"/>
    /// (the raw predictions with the decision applied, and their summary.json) and
    /// <paramref name="baseFolder"/>/postprocessing.json.
    /// </summary>
    public static PostprocessingDetermination Determine(string baseFolder, string referenceFolder, string rawSubfolder,
        string finalSubfolder, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        string rawFolder = Path.Combine(baseFolder, rawSubfolder);
        string summaryPath = Path.Combine(rawFolder, EvaluationSummary.FileName);
        if (!File.Exists(summaryPath))
            throw new InvalidInputException($"{summaryPath}: not found; evaluate the predictions in {rawFolder} before determining postprocessing.");
        var classes = EvaluationSummary.Read(summaryPath).Labels.Where(l => l > 0).ToList();
        var files = FolderEvaluator.ListCases(rawFolder, "prediction");
        if (files.Count == 0) throw new InvalidInputException($"{rawFolder}: no {FolderEvaluator.FileSuffix} predictions.");

        var candidates = new CandidateCounts[files.Count];
        CaseParallel.For(files.Count, options, "postprocessing: compare", i => files[i],
            i => candidates[i] = CountCandidates(Path.Combine(rawFolder, files[i]), Path.Combine(referenceFolder, files[i]), classes));

        var determination = Decide(classes, candidates) with
        {
            NumSamples = files.Count,
            ValidationRaw = rawSubfolder,
            ValidationFinal = finalSubfolder,
        };
        Postprocessing postprocessing = determination.Postprocessing;

        string finalFolder = Path.Combine(baseFolder, finalSubfolder);
        AtomicFolder.Replace(finalFolder, staging =>
        {
            CaseParallel.For(files.Count, options, "postprocessing: apply", i => files[i],
                i => postprocessing.ApplyToFile(Path.Combine(rawFolder, files[i]), Path.Combine(staging, files[i])));
            var cases = files.Select((f, i) => CaseScores.FromCounts(Path.Combine(finalFolder, f), Path.Combine(referenceFolder, f),
                classes, candidates[i].Final(classes, postprocessing))).ToList();
            new EvaluationSummary(classes, cases).Write(Path.Combine(staging, EvaluationSummary.FileName));
        });
        determination.Write(Path.Combine(baseFolder, Postprocessing.FileName));
        return determination;
    }

    /// <summary>The decision of spec §9 from the counts of every candidate of every case.</summary>
    static PostprocessingDetermination Decide(IReadOnlyList<int> classes, CandidateCounts[] cases)
    {
        Dictionary<int, double> MeanDice(Func<CandidateCounts, ConfusionCounts[]?> pick) =>
            classes.Select((c, i) => (c, EvaluationSummary.NanMean(cases.Select(k => SegmentationMetrics.DiceOf(pick(k)![i])))))
                .ToDictionary(p => p.c, p => p.Item2);

        var steps = new List<PostprocessingStep>();
        var raw = MeanDice(k => k.Raw);
        var merged = classes.Count > 0 ? MeanDice(k => k.Merged) : [];
        // NaN compares false both ways, as in v1: a class without any reference or prediction neither helps nor blocks.
        bool mergedAccepted = classes.Any(c => merged[c] > raw[c] + DiceThreshold) && !classes.Any(c => merged[c] < raw[c]);
        if (mergedAccepted) steps.Add(PostprocessingStep.ForMerged(classes));

        var perClass = new Dictionary<int, double>();
        if (classes.Count > 1)
        {
            var before = mergedAccepted ? merged : raw;
            perClass = mergedAccepted ? MeanDice(k => k.PerClassFromMerged) : MeanDice(k => k.PerClassFromRaw);
            foreach (int c in classes)
                if (perClass[c] > before[c] + DiceThreshold) steps.Add(PostprocessingStep.ForClass(c));
        }
        return new PostprocessingDetermination(new Postprocessing(steps), raw, merged, perClass, 0, "", "");
    }

    static CandidateCounts CountCandidates(string rawFile, string referenceFile, IReadOnlyList<int> classes)
    {
        Image raw = LabelMapFile.Read(rawFile);
        Image truth = LabelMapFile.Read(referenceFile);
        FolderEvaluator.CheckSameGrid(raw, truth, rawFile, referenceFile);
        if (classes.Count == 0) return new CandidateCounts([], [], null, null);
        int[] shape = raw.Shape;
        ConfusionCounts[] Count(float[] labels) => LabelConfusion.Count(labels, truth.Data, classes);

        var merged = (float[])raw.Data.Clone();
        LargestComponent.Keep(merged, shape, classes);
        if (classes.Count == 1) return new CandidateCounts(Count(raw.Data), Count(merged), null, null);

        var work = (float[])raw.Data.Clone();
        foreach (int c in classes) LargestComponent.Keep(work, shape, [c]);
        ConfusionCounts[] perClassFromRaw = Count(work);
        merged.CopyTo(work, 0);
        foreach (int c in classes) LargestComponent.Keep(work, shape, [c]);
        return new CandidateCounts(Count(raw.Data), Count(merged), perClassFromRaw, Count(work));
    }

    /// <summary>Per-class counts of one case under each candidate (per-class candidates only with several classes).</summary>
    sealed record CandidateCounts(ConfusionCounts[] Raw, ConfusionCounts[] Merged, ConfusionCounts[]? PerClassFromRaw, ConfusionCounts[]? PerClassFromMerged)
    {
        /// <summary>The counts after <paramref name="postprocessing"/>: per class, those of the candidate that produced it.</summary>
        public ConfusionCounts[] Final(IReadOnlyList<int> classes, Postprocessing postprocessing)
        {
            bool merged = postprocessing.Steps.Any(s => s.Merged);
            var final = new ConfusionCounts[classes.Count];
            for (int i = 0; i < classes.Count; i++)
            {
                bool own = postprocessing.Steps.Any(s => !s.Merged && s.Classes[0] == classes[i]);
                final[i] = own ? (merged ? PerClassFromMerged! : PerClassFromRaw!)[i] : (merged ? Merged : Raw)[i];
            }
            return final;
        }
    }
}
