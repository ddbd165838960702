using System.Globalization;
using System.Text;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.IO;
using NnUNet.Core.Planning;

namespace NnUNet.Core.Evaluation;

/// <summary>
/// nnU-Net v1's <c>find_best_configuration</c> (spec §10): consolidates the folds of each trained configuration,
/// scores it by the foreground-mean Dice of its cross-validation (before postprocessing), scores the ensemble of
/// every pair the same way, determines postprocessing for the winner, and writes the commands to predict with it
/// (<c>prediction_commands.txt</c>) and every candidate's per-class Dice (<c>summary.csv</c>) into
/// <c>RESULTS_FOLDER/nnUNet/ensembles/TASK/</c>.
/// </summary>
/// <param name="paths">Where the results (and, for the references, the preprocessed tasks) are.</param>
/// <param name="warn">Receives each warning (a skipped configuration or ensemble).</param>
public sealed class BestConfigurationFinder(NnUNetPaths paths, Action<string>? warn = null)
{
    public const string CommandsFileName = "prediction_commands.txt";
    public const string SummaryFileName = "summary.csv";

    /// <summary>Placeholders of the printed commands, as v1 prints them (the demo fills them in).</summary>
    public const string TestCasesPlaceholder = "FOLDER_WITH_TEST_CASES";
    public const string OutputPlaceholder = "OUTPUT_FOLDER";

    public BestConfigurationResult Run(BestConfigurationRequest request, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        CheckConfigurations(request.Configurations);
        var skipped = new List<string>();
        void Skip(string what, string why)
        {
            string line = $"{what} skipped: {why}";
            skipped.Add(line);
            warn?.Invoke(line);
        }

        var candidates = new List<ModelScore>();
        foreach (string configuration in request.Configurations)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var model = TrainedConfiguration.Locate(paths, request.TaskName, configuration, request.Trainer, request.CascadeTrainer, request.PlansIdentifier);
            if (!Directory.Exists(model.Folder))
            {
                string why = $"{model.Folder} does not exist (not trained)";
                if (request.Strict) throw new InvalidInputException($"{configuration}: {why}; without --strict it would be skipped.");
                Skip(configuration, why);
                continue;
            }
            try
            {
                candidates.Add(new ModelScore(configuration, [model], model.Folder, FoldConsolidation.CrossValidationRawFolderName,
                    CrossValidationScores(model, request, options)));
            }
            catch (InvalidInputException e) when (!request.Strict)
            {
                Skip(configuration, e.Message);
            }
        }
        if (candidates.Count == 0)
            throw new InvalidInputException($"{request.TaskName}: none of the configurations {string.Join(", ", request.Configurations)} " +
                                            "could be scored (see the warnings); train and validate every fold of at least one.");

        if (!request.DisableEnsembling && candidates.Count > 1)
            candidates.AddRange(ScoreEnsembles(candidates.ToList(), request, options, Skip));

        ModelScore best = candidates.Aggregate((a, b) => b.ForegroundDice > a.ForegroundDice || (double.IsNaN(a.ForegroundDice) && !double.IsNaN(b.ForegroundDice)) ? b : a);
        Postprocessing? postprocessing = null;
        if (!request.DisablePostprocessing)
        {
            string file = Path.Combine(best.Folder, Postprocessing.FileName);
            if (!File.Exists(file))
                PostprocessingPlanner.Determine(best.Folder, References(best.Models[0]), best.RawSubfolder, best.PostprocessedSubfolder, options);
            postprocessing = Postprocessing.Load(file);
        }

        var classes = best.Summary.Labels.Where(l => l > 0).ToList();
        string commands = PredictionCommands(best, request);
        string folder = paths.EnsemblesFolder(request.TaskName);
        string commandsFile = Path.Combine(folder, CommandsFileName);
        string summaryFile = Path.Combine(folder, SummaryFileName);
        AtomicFile.WriteAllText(commandsFile, commands);
        AtomicFile.WriteAllText(summaryFile, SummaryCsv(candidates, classes));
        return new BestConfigurationResult(candidates, best, classes, postprocessing, commands, commandsFile, summaryFile, skipped);
    }

    /// <summary>The scores of cv_niftis_raw, consolidating the folds first when they are missing (v1).</summary>
    EvaluationSummary CrossValidationScores(TrainedConfiguration model, BestConfigurationRequest request, EvaluationOptions options)
    {
        string summary = Path.Combine(model.Folder, FoldConsolidation.CrossValidationRawFolderName, EvaluationSummary.FileName);
        if (File.Exists(summary)) return EvaluationSummary.Read(summary);
        return FoldConsolidation.Consolidate(model.Folder, FoldConsolidation.GtSegmentationsFolder(paths, request.TaskName), request.Folds,
            options: options with { Progress = Staged(options.Progress, model.Configuration) });
    }

    IEnumerable<ModelScore> ScoreEnsembles(List<ModelScore> singles, BestConfigurationRequest request, EvaluationOptions options, Action<string, string> skip)
    {
        for (int i = 0; i < singles.Count; i++)
        {
            for (int j = i + 1; j < singles.Count; j++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                TrainedConfiguration first = singles[i].Models[0], second = singles[j].Models[0];
                string name = ConfigurationEnsemble.FolderName(first, second);
                string folder = Path.Combine(paths.EnsemblesFolder(request.TaskName), name);
                EvaluationSummary summary;
                try
                {
                    summary = ConfigurationEnsemble.Build(first, second, folder, request.Folds, singles[i].Summary.Labels, References(first),
                        options with { Progress = Staged(options.Progress, name) });
                }
                catch (InvalidInputException e) when (!request.Strict)
                {
                    skip(name, e.Message);
                    continue;
                }
                yield return new ModelScore(name, [first, second], folder, ConfigurationEnsemble.RawFolderName, summary);
            }
        }
    }

    static string References(TrainedConfiguration model) => Path.Combine(model.Folder, FoldConsolidation.ReferenceFolderName);

    /// <summary>The commands v1 prints for the winner: predict (with --save_npz for an ensemble), then ensemble.</summary>
    static string PredictionCommands(ModelScore best, BestConfigurationRequest request)
    {
        string Predict(TrainedConfiguration model, string output, bool probabilities)
        {
            var line = new StringBuilder($"nnunet predict -i {TestCasesPlaceholder} -o {output} -t {request.TaskName} -m {model.Configuration}");
            if (model.Configuration == Configurations.CascadeFullRes3D) line.Append($" -tr {request.Trainer} -ctr {model.Trainer}");
            else line.Append($" -tr {model.Trainer}");
            line.Append($" -p {model.PlansIdentifier}");
            if (probabilities) line.Append(" --save_npz");
            return line.ToString();
        }

        if (!best.IsEnsemble) return Predict(best.Models[0], OutputPlaceholder, false) + "\n";
        var text = new StringBuilder();
        var outputs = best.Models.Select((_, i) => $"{OutputPlaceholder}_MODEL{i + 1}").ToList();
        for (int i = 0; i < best.Models.Count; i++) text.Append(Predict(best.Models[i], outputs[i], true)).Append('\n');
        text.Append($"nnunet ensemble -f {string.Join(' ', outputs)} -o {OutputPlaceholder}");
        if (!request.DisablePostprocessing) text.Append(" -pp ").Append(Quote(Path.Combine(best.Folder, Postprocessing.FileName)));
        return text.Append('\n').ToString();
    }

    /// <summary>v1's summary.csv: model, Dice of each class, average (foreground mean), 4 decimals.</summary>
    static string SummaryCsv(IReadOnlyList<ModelScore> candidates, IReadOnlyList<int> classes)
    {
        static string Format(double v) => double.IsNaN(v) ? "nan" : v.ToString("F4", CultureInfo.InvariantCulture);
        var csv = new StringBuilder("model");
        foreach (int c in classes) csv.Append(",class").Append(c.ToString(CultureInfo.InvariantCulture));
        csv.Append(",average\n");
        foreach (ModelScore candidate in candidates)
        {
            csv.Append(candidate.Name);
            foreach (int c in classes) csv.Append(',').Append(Format(candidate.Summary.MeanDice(c)));
            csv.Append(',').Append(Format(candidate.ForegroundDice)).Append('\n');
        }
        return csv.ToString();
    }

    static void CheckConfigurations(IReadOnlyList<string> configurations)
    {
        if (configurations.Count == 0) throw new InvalidInputException("No configurations to compare: give at least one with -m.");
        foreach (string c in configurations)
            if (!Configurations.All.Contains(c))
                throw new InvalidInputException($"Unknown configuration '{c}': expected {string.Join(", ", Configurations.All)}.");
        string? twice = configurations.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (twice != null) throw new InvalidInputException($"Configuration {twice} is given twice.");
    }

    /// <summary>Prefixes each progress stage with the candidate's name.</summary>
    static IProgress<ProgressUpdate>? Staged(IProgress<ProgressUpdate>? progress, string name) =>
        progress is null ? null : new Progress(u => progress.Report(u with { Stage = $"{name}: {u.Stage}" }));

    static string Quote(string path) => path.Any(ch => char.IsWhiteSpace(ch) || "'\"$`\\;&|<>()*?".Contains(ch))
        ? "'" + path.Replace("'", "'\\''") + "'"
        : path;

    sealed class Progress(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }
}
