using NnUNet.Abstractions;

namespace NnUNet.Core.Datasets;

/// <summary>
/// The folders nnU-Net works in (spec §11), taken from explicit options first, else from the environment
/// variables of nnU-Net v1 (nnUNet_raw_data_base, nnUNet_preprocessed, RESULTS_FOLDER) or v2 (nnUNet_raw,
/// nnUNet_results). Resolution is a pure function of the options and an environment lookup; a folder that
/// is needed but not set is an <see cref="InvalidInputException"/> naming the variable and the option to set.
/// </summary>
public sealed class NnUNetPaths
{
    public const string RawDataBaseVariable = "nnUNet_raw_data_base";
    public const string RawVariable = "nnUNet_raw";
    public const string PreprocessedVariable = "nnUNet_preprocessed";
    public const string ResultsVariable = "RESULTS_FOLDER";
    public const string ResultsV2Variable = "nnUNet_results";

    // Command-line options the host exposes for the same folders (named in error messages).
    public const string RawDataBaseOption = "--raw-data-base";
    public const string RawOption = "--raw";
    public const string PreprocessedOption = "--preprocessed";
    public const string ResultsOption = "--results";

    // Fixed sub-folders of the v1 layout (spec §11).
    public const string RawDataFolderName = "nnUNet_raw_data";
    public const string CroppedDataFolderName = "nnUNet_cropped_data";
    public const string NetworkTrainingFolderName = "nnUNet";
    public const string EnsemblesFolderName = "ensembles";

    NnUNetPaths(string? rawDataBase, string? raw, string? preprocessed, string? results)
    {
        RawDataBase = rawDataBase;
        Raw = raw;
        PreprocessedRoot = preprocessed;
        ResultsRoot = results;
    }

    /// <summary>Resolves every folder: the explicit option if set, else the variable(s) from <paramref name="environment"/>.</summary>
    public static NnUNetPaths Resolve(NnUNetFolderOptions options, Func<string, string?> environment)
    {
        string? Pick(string? explicitFolder, params string[] variables)
        {
            if (!string.IsNullOrWhiteSpace(explicitFolder)) return Path.GetFullPath(explicitFolder);
            foreach (string variable in variables)
            {
                string? value = environment(variable);
                if (!string.IsNullOrWhiteSpace(value)) return Path.GetFullPath(value);
            }
            return null;
        }

        return new NnUNetPaths(
            Pick(options.RawDataBase, RawDataBaseVariable),
            Pick(options.Raw, RawVariable),
            Pick(options.Preprocessed, PreprocessedVariable),
            // Our results keep the v1 layout; a v2 user's nnUNet_results is honoured as its root.
            Pick(options.Results, ResultsVariable, ResultsV2Variable));
    }

    /// <summary>Resolves against the real process environment.</summary>
    public static NnUNetPaths FromProcessEnvironment(NnUNetFolderOptions? options = null) =>
        Resolve(options ?? NnUNetFolderOptions.None, Environment.GetEnvironmentVariable);

    /// <summary>v1 raw base (nnUNet_raw_data_base), or null when not set.</summary>
    public string? RawDataBase { get; }

    /// <summary>v2 raw folder (nnUNet_raw), or null when not set.</summary>
    public string? Raw { get; }

    /// <summary>Preprocessed folder (nnUNet_preprocessed), or null when not set.</summary>
    public string? PreprocessedRoot { get; }

    /// <summary>Results root (RESULTS_FOLDER, else nnUNet_results), or null when not set.</summary>
    public string? ResultsRoot { get; }

    /// <summary>v1 raw Task folders: &lt;raw base&gt;/nnUNet_raw_data.</summary>
    public string RawDataFolder => Path.Combine(Require(RawDataBase, RawDataBaseOption, RawDataBaseVariable), RawDataFolderName);

    /// <summary>v1 cropped data: &lt;raw base&gt;/nnUNet_cropped_data.</summary>
    public string CroppedDataFolder => Path.Combine(Require(RawDataBase, RawDataBaseOption, RawDataBaseVariable), CroppedDataFolderName);

    /// <summary>The preprocessed folder (holds TaskXXX_Name/ folders).</summary>
    public string PreprocessedFolder => Require(PreprocessedRoot, PreprocessedOption, PreprocessedVariable);

    /// <summary>v1 network_training_output_dir: &lt;results&gt;/nnUNet.</summary>
    public string NetworkTrainingOutputFolder =>
        Path.Combine(Require(ResultsRoot, ResultsOption, ResultsVariable, ResultsV2Variable), NetworkTrainingFolderName);

    /// <summary>
    /// Every configured folder that holds raw tasks, v1 first: &lt;raw base&gt;/nnUNet_raw_data (TaskXXX_Name) and
    /// nnUNet_raw (DatasetXXX_Name). Throws when neither is set.
    /// </summary>
    public IReadOnlyList<string> RawTaskRoots
    {
        get
        {
            var roots = new List<string>(2);
            if (RawDataBase != null) roots.Add(Path.Combine(RawDataBase, RawDataFolderName));
            if (Raw != null) roots.Add(Raw);
            if (roots.Count == 0)
                throw new InvalidInputException(
                    $"The raw data folder is not set: set the environment variable {RawDataBaseVariable} (v1) or {RawVariable} (v2), " +
                    $"or pass {RawDataBaseOption} DIR or {RawOption} DIR.");
            return roots;
        }
    }

    /// <summary>Finds a raw task ("501", "Task501_Name", "Dataset501_Name") in <see cref="RawTaskRoots"/>.</summary>
    public TaskFolder FindRawTask(string task) => TaskLocator.Find(task, RawTaskRoots);

    /// <summary>Finds a task's preprocessed folder in <see cref="PreprocessedFolder"/>.</summary>
    public TaskFolder FindPreprocessedTask(string task) => TaskLocator.Find(task, [PreprocessedFolder]);

    /// <summary>v1 training output: &lt;results&gt;/nnUNet/&lt;configuration&gt;/&lt;task&gt;/&lt;trainer&gt;__&lt;plans&gt;.</summary>
    public string TrainingOutputFolder(string configuration, string taskName, string trainer, string plansIdentifier) =>
        Path.Combine(NetworkTrainingOutputFolder, configuration, taskName, $"{trainer}__{plansIdentifier}");

    /// <summary>v1 ensembles of a task: &lt;results&gt;/nnUNet/ensembles/&lt;task&gt;.</summary>
    public string EnsemblesFolder(string taskName) => Path.Combine(NetworkTrainingOutputFolder, EnsemblesFolderName, taskName);

    static string Require(string? folder, string option, params string[] variables) =>
        folder ?? throw new InvalidInputException(
            $"The folder for {string.Join(" / ", variables)} is not set: set the environment variable " +
            $"{string.Join(" or ", variables)}, or pass {option} DIR.");
}
