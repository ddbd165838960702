using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NnUNet.Core.Datasets;
using NnUNet.Core.Evaluation;
using NnUNet.Core.IO;
using NnUNet.Core.Planning;
using NnUNet.Core.Training;
using NnUNet.Host.Console;

namespace NnUNet.Host.Demo;

/// <summary>
/// One run of <c>nnunet demo</c>: generates the phantom tasks, then runs every step of the nnU-Net workflow through the
/// real command line in this process, printing each command exactly as a user would type it (after one <c>export</c>
/// of the three folders), with a header and the time of each step, and finally the Dice per class on the held-out cases.
/// </summary>
public sealed class DemoRun
{
    public const int Task3DId = 901, Task2DId = 902;
    public const string Task3DName = "Task901_Phantom3D", Task2DName = "Task902_Phantom2D";
    public const string SummaryFileName = "demo_summary.json";
    public const string PngFolderName = "png_phantoms";
    public const string RawDataBaseFolderName = "nnUNet_raw_data_base";
    public const string PreprocessedFolderName = "nnUNet_preprocessed";
    public const string ResultsFolderName = "nnUNet_results";
    public const string PredictionsFolderName = "predictions";
    const int Folds = 2;
    // Seeded trainings: the demo gives the same models and Dice on every run of a machine (and CI cannot be unlucky).
    const string Deterministic = "--deterministic";

    const string TestCasesPlaceholder = BestConfigurationFinder.TestCasesPlaceholder;
    const string OutputPlaceholder = BestConfigurationFinder.OutputPlaceholder;

    readonly CommandLineApp app = new();
    readonly IHostConsole console;
    readonly DemoBudget budget;
    readonly string root;
    readonly CancellationToken stop;
    readonly Stopwatch clock = new();
    readonly List<(string Title, double Seconds)> times = [];
    // Per task: the model that predicted its test cases, and their scores.
    readonly Dictionary<string, string> models = [];
    readonly Dictionary<string, EvaluationSummary> scores = [];

    public DemoRun(IHostConsole console, DemoBudget budget, string outputFolder, CancellationToken stop)
    {
        this.console = console;
        this.budget = budget;
        root = Path.GetFullPath(outputFolder);
        this.stop = stop;
    }

    /// <summary>A step's command failed: its own output said why; the demo stops with its exit code.</summary>
    sealed class StepFailed(int exitCode) : Exception
    {
        public int ExitCode { get; } = exitCode;
    }

    string RawDataBase => Path.Combine(root, RawDataBaseFolderName);
    string RawTask(string task) => Path.Combine(RawDataBase, NnUNetPaths.RawDataFolderName, task);
    string Predictions(string task) => Path.Combine(root, PredictionsFolderName, task);
    string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public int Execute()
    {
        clock.Start();
        DemoOutputFolder.Prepare(root);
        var steps = new List<(string Title, Action Run)>
        {
            ("generate the phantoms", Generate),
            ("convert the 2D PNG phantoms into a raw task (png2d)", () => Run("convert", "png2d", "-i", Show(Path.Combine(root, PngFolderName)),
                "-t", Id(Task2DId), "-n", Task2DName[(Task2DName.IndexOf('_') + 1)..], "--spacing", Number(budget.Spacing2D[0]), Number(budget.Spacing2D[1]),
                "--labels", string.Join(',', PhantomDataset.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")), "--modality", PhantomDataset.Modality)),
            ("verify both raw tasks", () =>
            {
                Run("verify_dataset_integrity", "-t", Id(Task3DId));
                Run("verify_dataset_integrity", "-t", Id(Task2DId));
            }),
            ("plan and preprocess (nnU-Net v1 planners, plans nnUNetPlansv2.1)", () =>
            {
                Run("plan_and_preprocess", "-t", Id(Task3DId));
                Run("plan_and_preprocess", "-t", Id(Task2DId), "-pl3d", "None"); // 2D images: no 3D configurations
            }),
            ($"{Folds}-fold cross-validation split of {Task3DName}", WriteSplits),
        };
        foreach (string configuration in new[] { Configurations.FullRes3D, Configurations.TwoD })
            for (int fold = 0; fold < Folds; fold++)
            {
                string f = Id(fold);
                steps.Add(($"train {Task3DName} {configuration} fold {f}", () => Run("train", configuration, budget.Trainer, Id(Task3DId), f, "--npz", Deterministic)));
            }
        steps.Add(("find the best configuration (2d, 3d_fullres or their ensemble) by cross-validation", () =>
            Run(["find_best_configuration", "-m", Configurations.TwoD, Configurations.FullRes3D, "-t", Id(Task3DId), "-tr", budget.Trainer,
                "-f", .. Enumerable.Range(0, Folds).Select(Id)])));
        steps.Add(($"predict the held-out cases of {Task3DName} as find_best_configuration says", PredictWithBest));
        steps.Add(($"score {Task3DName}'s test predictions", () => Evaluate(Task3DName)));
        steps.Add(($"train {Task2DName} 2d on all its cases", () => Run("train", Configurations.TwoD, budget.Trainer, Id(Task2DId), CrossValidation.AllFold, Deterministic)));
        steps.Add(($"predict the held-out cases of {Task2DName}", () =>
        {
            models[Task2DName] = $"{Configurations.TwoD} (fold {CrossValidation.AllFold})";
            Run("predict", "-i", Show(Path.Combine(RawTask(Task2DName), "imagesTs")), "-o", Show(Predictions(Task2DName)), "-t", Id(Task2DId),
                "-m", Configurations.TwoD, "-tr", budget.Trainer, "-f", CrossValidation.AllFold);
        }));
        steps.Add(($"score {Task2DName}'s test predictions", () => Evaluate(Task2DName)));

        var saved = SetFolders();
        try
        {
            for (int i = 0; i < steps.Count; i++)
            {
                stop.ThrowIfCancellationRequested();
                console.Info("");
                console.Info($"[{i + 1}/{steps.Count}] {steps[i].Title}  (at {Clock(clock.Elapsed)})");
                var watch = Stopwatch.StartNew();
                steps[i].Run();
                times.Add((steps[i].Title, watch.Elapsed.TotalSeconds));
                console.Info($"[{i + 1}/{steps.Count}] done in {watch.Elapsed.TotalSeconds:0.0} s");
            }
        }
        catch (StepFailed failed)
        {
            console.Error($"the demo stopped at step {times.Count + 1} (exit code {failed.ExitCode}); its output above says why; what was written so far is in {root}");
            return failed.ExitCode;
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
        }
        Report();
        return ExitCodes.Success;
    }

    /// <summary>Sets the three v1 folder variables for the steps (and clears v2's, which could point elsewhere); returns the old values.</summary>
    List<(string Name, string? Value)> SetFolders()
    {
        var set = new (string Name, string Value)[]
        {
            (NnUNetPaths.RawDataBaseVariable, Show(RawDataBase)),
            (NnUNetPaths.PreprocessedVariable, Show(Path.Combine(root, PreprocessedFolderName))),
            (NnUNetPaths.ResultsVariable, Show(Path.Combine(root, ResultsFolderName))),
        };
        string[] cleared = [.. new[] { NnUNetPaths.RawVariable, NnUNetPaths.ResultsV2Variable }.Where(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)))];
        var saved = set.Select(s => s.Name).Concat(cleared).Select(n => (n, Environment.GetEnvironmentVariable(n))).ToList();
        console.Info($"nnunet demo ({budget.Name} budget): every output goes to {root}");
        console.Info("Each step below is an nnunet command, printed as you would type it ('nnunet' is this program,");
        console.Info("e.g. 'dotnet run --project src/Host -c Release --'). The folders for all of them:");
        console.Info("$ export " + string.Join(' ', set.Select(s => $"{s.Name}={ShellWords.Quote(s.Value)}")));
        if (cleared.Length > 0) console.Info("$ unset " + string.Join(' ', cleared));
        foreach (var (name, value) in set) Environment.SetEnvironmentVariable(name, value);
        foreach (string name in cleared) Environment.SetEnvironmentVariable(name, null);
        return saved;
    }

    void Generate()
    {
        var s = budget;
        PhantomDataset.Write3DTask(RawTask(Task3DName), Task3DName, s.Shape3D, s.Spacing3D, s.Training3D, s.Test3D);
        console.Info($"{Show(RawTask(Task3DName))}: {s.Training3D} training + {s.Test3D} test phantoms of {Size(s.Shape3D)} voxels at {Size(s.Spacing3D)} mm " +
                     "(imagesTr, labelsTr, imagesTs, labelsTs, dataset.json): an organ (1) holding a lesion (2) at random positions, sizes and " +
                     "orientations, with noise and a smooth intensity bias");
        string png = Path.Combine(root, PngFolderName);
        PhantomDataset.Write2DPngs(png, s.Size2D, s.Spacing2D, s.Training2D, s.Test2D);
        console.Info($"{Show(png)}: {s.Training2D} training + {s.Test2D} test 2D phantoms of {Size(s.Size2D)} pixels as gray PNGs with label-mask PNGs " +
                     "(images, labels, imagesTs, labelsTs)");
    }

    /// <summary>
    /// Two folds instead of nnU-Net's five (which the first training would write): the folds alternate over the sorted
    /// case ids. Any splits_final.json placed here before training is used as it is, with any number of folds.
    /// </summary>
    void WriteSplits()
    {
        string folder = Path.Combine(root, PreprocessedFolderName, Task3DName);
        var cases = CrossValidation.SortCaseIds(DatasetDescription.Read(RawTask(Task3DName)).Training.Select(c => c.Id));
        var folds = Enumerable.Range(0, Folds).Select(f => new FoldSplit(
            [.. cases.Where((_, i) => i % Folds != f)], [.. cases.Where((_, i) => i % Folds == f)])).ToList();
        string path = Path.Combine(folder, SplitsFile.FileName);
        SplitsFile.Write(path, folds);
        console.Info($"{Show(path)}: {Folds} folds of {folds[0].Train.Count}/{folds[0].Val.Count} training/validation cases " +
                     "(without this file the first training writes nnU-Net's 5-fold split; an edited file is respected)");
    }

    /// <summary>Runs the commands find_best_configuration wrote, with the test folder and output folder filled in.</summary>
    void PredictWithBest()
    {
        string commandsFile = Path.Combine(root, ResultsFolderName, NnUNetPaths.NetworkTrainingFolderName, NnUNetPaths.EnsemblesFolderName,
            Task3DName, BestConfigurationFinder.CommandsFileName);
        console.Info($"{Show(commandsFile)}, with {TestCasesPlaceholder} and {OutputPlaceholder} filled in:");
        var predicted = new List<string>();
        foreach (string line in File.ReadAllLines(commandsFile).Where(l => l.Trim().Length > 0))
        {
            var words = ShellWords.Split(line).Select(w => w
                .Replace(TestCasesPlaceholder, Show(Path.Combine(RawTask(Task3DName), "imagesTs")), StringComparison.Ordinal)
                .Replace(OutputPlaceholder, Show(Predictions(Task3DName)), StringComparison.Ordinal)).ToList();
            if (words is not ["nnunet", _, ..]) throw new InvalidOperationException($"{commandsFile}: unexpected line '{line}'");
            int model = words.IndexOf("-m");
            if (words[1] == "predict" && model > 0) predicted.Add(words[model + 1]);
            Run([.. words.Skip(1)]);
        }
        models[Task3DName] = predicted.Count == 1 ? predicted[0] : $"ensemble {string.Join(" + ", predicted)}";
    }

    void Evaluate(string task)
    {
        string predictions = Predictions(task);
        Run("evaluate_folder", "-ref", Show(Path.Combine(RawTask(task), "labelsTs")), "-pred", Show(predictions), "-l", "1", "2");
        scores[task] = EvaluationSummary.Read(Path.Combine(predictions, EvaluationSummary.FileName));
    }

    // Relaxed escaping: the file is for people to read ("2d + 3d_fullres", not "2d \u002B 3d_fullres").
    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    void Run(params string[] args)
    {
        console.Info("$ nnunet " + ShellWords.Join(args));
        int exit = app.Run(args, console, stop);
        if (exit != ExitCodes.Success) throw new StepFailed(exit);
    }

    void Report()
    {
        var table = new OutputTable("Dice on the held-out test cases (mean over cases)", "Task", "Model", "Cases", "1 organ", "2 lesion", "Foreground mean");
        foreach (var (task, summary) in scores)
            table.AddRow(task, models[task], summary.Cases.Count.ToString(CultureInfo.InvariantCulture),
                F(summary.MeanDice(Phantom.Organ)), F(summary.MeanDice(Phantom.Lesion)), F(summary.ForegroundMeanDice));
        console.Info("");
        console.Table(table);
        double total = clock.Elapsed.TotalSeconds;
        WriteSummary(total);
        console.Info($"total time {Clock(clock.Elapsed)} ({total:0} s) on {Environment.ProcessorCount} CPU cores");
        console.Info($"every output (raw tasks, preprocessed data, plans, checkpoints, validation, predictions, {SummaryFileName}) is in {root}");
    }

    void WriteSummary(double totalSeconds)
    {
        var summary = new Dictionary<string, object>
        {
            ["budget"] = budget.Name,
            ["trainer"] = budget.Trainer,
            ["cpu_cores"] = Environment.ProcessorCount,
            ["total_seconds"] = Math.Round(totalSeconds, 1),
            ["steps"] = times.Select(t => new Dictionary<string, object> { ["step"] = t.Title, ["seconds"] = Math.Round(t.Seconds, 1) }).ToList(),
            ["test_dice"] = scores.ToDictionary(r => r.Key, r => new Dictionary<string, object>
            {
                ["model"] = models[r.Key],
                ["cases"] = r.Value.Cases.Count,
                ["per_class"] = new Dictionary<string, double>
                {
                    ["1"] = r.Value.MeanDice(Phantom.Organ),
                    ["2"] = r.Value.MeanDice(Phantom.Lesion),
                },
                ["foreground_mean"] = r.Value.ForegroundMeanDice,
                ["summary_json"] = Path.Combine(Predictions(r.Key), EvaluationSummary.FileName),
            }),
        };
        AtomicFile.WriteAllText(Path.Combine(root, SummaryFileName), JsonSerializer.Serialize(summary, JsonOptions));
    }

    /// <summary>A path as the printed commands use it: relative to the current folder when inside it, else absolute.</summary>
    static string Show(string path)
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    static string Size(IEnumerable<int> values) => string.Join(" x ", values);

    static string Size(IEnumerable<double> values) => string.Join(" x ", values.Select(Number));

    static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    static string Clock(TimeSpan t) => $"{(int)t.TotalMinutes}:{t.Seconds:00}";
}
