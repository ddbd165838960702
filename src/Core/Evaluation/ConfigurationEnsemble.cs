using NnUNet.Abstractions;
using NnUNet.Core.Inference;
using NnUNet.Core.IO;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// The cross-validated ensemble of two trained configurations (v1, spec §10): for every fold, the validation
/// probabilities (<c>fold_X/validation_raw/CASE.npz</c> + <c>CASE.json</c>) of both models are averaged by the
/// inference engine's <see cref="ProbabilityEnsemble"/> into <c>ensembles/TASK/ensemble_M1--M2/ensembled_raw/CASE.nii.gz</c>,
/// which is scored like a configuration.
/// </summary>
public static class ConfigurationEnsemble
{
    public const string RawFolderName = "ensembled_raw";
    public const string PostprocessedFolderName = "ensembled_postprocessed";
    /// <summary>v1's folder name of the ensemble of two models: <c>ensemble_M1__TR__PL--M2__TR__PL</c>.</summary>
    public static string FolderName(TrainedConfiguration first, TrainedConfiguration second) => $"ensemble_{first.Identifier}--{second.Identifier}";

    /// <summary>
    /// Builds (or reuses, when its summary.json exists) <c>ensembled_raw</c> in <paramref name="ensembleFolder"/> and
    /// returns its scores against <paramref name="referenceFolder"/>. A fold without validation, a case without
    /// probabilities, or folds where the two models validated different cases are errors naming the folder.
    /// </summary>
    public static EvaluationSummary Build(TrainedConfiguration first, TrainedConfiguration second, string ensembleFolder, IReadOnlyList<int> folds,
        IReadOnlyList<int> labels, string referenceFolder, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        string raw = Path.Combine(ensembleFolder, RawFolderName);
        string summaryPath = Path.Combine(raw, EvaluationSummary.FileName);
        if (File.Exists(summaryPath)) return EvaluationSummary.Read(summaryPath);

        var cases = new SortedDictionary<string, string[]>(StringComparer.Ordinal); // case id -> both validation folders
        foreach (int fold in folds)
        {
            var firstCases = ValidationProbabilities(first, fold);
            var secondCases = ValidationProbabilities(second, fold);
            var onlyOne = firstCases.Keys.Except(secondCases.Keys).Concat(secondCases.Keys.Except(firstCases.Keys)).ToList();
            if (onlyOne.Count > 0)
                throw new InvalidInputException(
                    $"{FoldConsolidation.FoldFolder(first.Folder, fold)} and {FoldConsolidation.FoldFolder(second.Folder, fold)}: the two models " +
                    $"validated different cases in fold {fold} (e.g. {onlyOne[0]}); both must use the same splits.");
            foreach (var (id, path) in firstCases)
            {
                if (!cases.TryAdd(id, [Path.GetDirectoryName(path)!, Path.GetDirectoryName(secondCases[id])!]))
                    throw new InvalidInputException($"{path}: case {id} is validated by two folds of {first.Folder}; folds must validate disjoint cases.");
            }
        }
        var ids = cases.Keys.ToList();
        AtomicFolder.Replace(raw, staging => CaseParallel.For(ids.Count, options, "ensemble", i => ids[i],
            i => ProbabilityEnsemble.Combine(cases[ids[i]], ids[i], keepProbabilities: false)
                .Write(Path.Combine(staging, ids[i] + FolderEvaluator.FileSuffix), probabilitiesPath: null)));
        return FolderEvaluator.EvaluateFolder(referenceFolder, raw, labels, options);
    }

    /// <summary>Case id -> CASE.npz of one fold's finished validation; every validated case needs its probabilities.</summary>
    static Dictionary<string, string> ValidationProbabilities(TrainedConfiguration model, int fold)
    {
        string validation = Path.Combine(FoldConsolidation.FoldFolder(model.Folder, fold), FoldConsolidation.ValidationRawFolderName);
        string rerun = $"rerun the validation of {model.Configuration} fold {fold} with --npz";
        if (!File.Exists(Path.Combine(validation, EvaluationSummary.FileName)))
            throw new InvalidInputException($"{validation}: validation missing or unfinished (no summary.json); {rerun}.");
        var probabilities = ProbabilitiesFile.ListCases(validation)
            .ToDictionary(id => id, id => Path.Combine(validation, id + ProbabilitiesFile.Extension), StringComparer.Ordinal);
        foreach (string file in FolderEvaluator.ListCases(validation, "validation"))
        {
            string id = file[..^FolderEvaluator.FileSuffix.Length];
            if (!probabilities.ContainsKey(id))
                throw new InvalidInputException($"{Path.Combine(validation, id + ProbabilitiesFile.Extension)}: probabilities missing; {rerun}.");
        }
        return probabilities;
    }
}
