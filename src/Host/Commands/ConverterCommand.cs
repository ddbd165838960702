using System.CommandLine;
using System.Text.RegularExpressions;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Host.Plugins;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet convert NAME ...</c> for one converter plugin: the common options (-i, -t, -n, -o, --raw-data-base,
/// --overwrite) plus the converter's own. The converter fills a temporary folder next to the Task folder, which is
/// renamed into place only when it succeeded (<see cref="StagedTaskFolder"/>); then a summary is printed.
/// A preset named like a Task folder (Task120_MassRoadsSeg) supplies the default task id and name.
/// </summary>
public sealed partial class ConverterCommand : HostCommand
{
    // Names the host uses itself; a converter option may not take them.
    static readonly string[] ReservedNames = ["input", "task-id", "task-name", "output", "overwrite", "raw-data-base", "plugins", "quiet", "help", "version"];

    readonly IDatasetConverter converter;
    readonly (int Id, string Name)? preset;
    readonly Option<string> input = new("--input", "-i") { Required = true, HelpName = "SOURCE_DIR" };
    readonly Option<int?> taskId = new("--task-id", "-t") { HelpName = "TASK_ID" };
    readonly Option<string?> taskName = new("--task-name", "-n") { HelpName = "TASK_NAME" };
    readonly Option<string?> output = new("--output", "-o")
    {
        HelpName = "DIR",
        Description = $"Write DIR/TaskXXX_Name instead of ${NnUNetPaths.RawDataBaseVariable}/{NnUNetPaths.RawDataFolderName}/TaskXXX_Name",
    };
    readonly Option<string?> rawDataBase = new(NnUNetPaths.RawDataBaseOption)
    {
        HelpName = "DIR",
        Description = $"v1 raw data base folder (instead of ${NnUNetPaths.RawDataBaseVariable})",
    };
    readonly Option<bool> overwrite = new("--overwrite")
    {
        Description = "Replace an existing Task with the same id (the old one is kept until the new one is complete)",
    };
    readonly List<(string Name, Option Option)> converterOptions = [];

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskNamePattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex OptionNamePattern();

    /// <summary>Creates the converter (to read its options) and declares every option.</summary>
    public ConverterCommand(PluginExport<IDatasetConverter, ConverterMetadata> export)
        : base(export.Name, Describe(export.Metadata))
    {
        converter = export.Create();
        if (TaskLocator.TryParseFolderName(export.Name, out int id, out TaskFolderKind kind) && kind == TaskFolderKind.Task)
            preset = (id, export.Name[(export.Name.IndexOf('_') + 1)..]);

        input.Description = $"Source folder: {(export.Metadata.Input.Length > 0 ? export.Metadata.Input : "see the converter's description")}";
        taskId.Description = preset is { } p ? $"Task id (default {p.Id})" : "Task id, e.g. 501 (required)";
        taskId.Required = preset is null;
        taskName.Description = preset is { } q ? $"Task name (default {q.Name})" : "Task name (default: the source folder's name)";
        foreach (Option option in new Option[] { input, taskId, taskName, output, rawDataBase, overwrite }) Options.Add(option);

        foreach (ConverterOption own in converter.Options)
        {
            if (!OptionNamePattern().IsMatch(own.Name) || ReservedNames.Contains(own.Name) || converterOptions.Any(o => o.Name == own.Name))
                throw new InvalidOperationException($"its option '{own.Name}' is not a lower-case name of its own (or the host uses it)");
            string valueName = own.ValueName ?? string.Join(" ", Enumerable.Repeat("VALUE", own.ValueCount));
            // One value: a scalar option (System.CommandLine cannot fill an array option of arity 1 from one token).
            Option option = own.ValueCount switch
            {
                0 => new Option<bool>("--" + own.Name) { Description = own.Description },
                1 => new Option<string>("--" + own.Name) { Description = own.Description, HelpName = valueName },
                _ => new Option<string[]>("--" + own.Name)
                {
                    Description = own.Description,
                    Arity = new ArgumentArity(own.ValueCount, own.ValueCount),
                    AllowMultipleArgumentsPerToken = true,
                    HelpName = valueName,
                },
            };
            converterOptions.Add((own.Name, option));
            Options.Add(option);
        }
    }

    static string Describe(ConverterMetadata metadata) =>
        metadata.Input.Length == 0 ? metadata.Description : $"{metadata.Description.TrimEnd('.')}. Input: {metadata.Input}";

    public override int Execute(CommandContext context)
    {
        string source = Path.GetFullPath(context.Get(input)!);
        if (!Directory.Exists(source)) throw new InvalidInputException($"{source}: source folder not found");
        int id = context.Get(taskId) ?? preset?.Id ?? throw new InvalidInputException("give the task id with -t TASK_ID");
        if (id < 1) throw new InvalidInputException($"-t {id}: a task id is a positive number");
        string name = context.Get(taskName) ?? preset?.Name ?? Regex.Replace(Path.GetFileName(source), "[^A-Za-z0-9._+-]", "_").TrimStart('.', '_', '-', '+');
        if (!TaskNamePattern().IsMatch(name))
            throw new InvalidInputException($"-n '{name}': a task name holds letters, digits and . _ + - (and starts with a letter or digit)");
        string folderName = TaskLocator.TaskName(id, name);
        string root = context.Get(output) is { } explicitRoot
            ? Path.GetFullPath(explicitRoot)
            : RawDataFolder(context);

        using StagedTaskFolder staged = StagedTaskFolder.Begin(root, folderName, id, context.Get(overwrite));
        var request = new ConversionRequest(source, staged.TemporaryPath, id, name, OptionValues(context));
        context.Console.RunWithProgress($"{Name}: {source} -> {folderName}",
            progress => converter.Convert(request, progress, context.CancellationToken));
        if (!File.Exists(Path.Combine(staged.TemporaryPath, DatasetDescription.FileName)))
            throw new InvalidOperationException($"converter '{Name}' finished without writing {DatasetDescription.FileName}");
        IReadOnlyList<string> leftOver = staged.Commit();
        foreach (string folder in leftOver) context.Console.Warning($"{folder}: the replaced Task could not be deleted; delete it yourself");
        PrintSummary(context, staged.TargetPath);
        return ExitCodes.Success;
    }

    string RawDataFolder(CommandContext context)
    {
        NnUNetPaths paths = NnUNetPaths.FromProcessEnvironment(new NnUNetFolderOptions(RawDataBase: context.Get(rawDataBase)));
        if (paths.RawDataBase is null)
            throw new InvalidInputException(
                $"where should the Task go? Set {NnUNetPaths.RawDataBaseVariable}, or pass {NnUNetPaths.RawDataBaseOption} DIR or -o DIR");
        return paths.RawDataFolder;
    }

    Dictionary<string, string[]> OptionValues(CommandContext context)
    {
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, option) in converterOptions)
        {
            if (context.ParseResult.GetResult(option) is null) continue;
            switch (option)
            {
                case Option<bool> flag when context.ParseResult.GetValue(flag): values[name] = []; break;
                case Option<string> single: values[name] = [context.ParseResult.GetValue(single) ?? ""]; break;
                case Option<string[]> several: values[name] = context.ParseResult.GetValue(several) ?? []; break;
            }
        }
        return values;
    }

    static void PrintSummary(CommandContext context, string taskFolder)
    {
        DatasetDescription dataset = DatasetDescription.Read(taskFolder);
        string labelsTs = Path.Combine(taskFolder, "labelsTs");
        int testLabels = Directory.Exists(labelsTs) ? Directory.EnumerateFiles(labelsTs, "*" + DatasetDescription.V1FileEnding).Count() : 0;
        string tests = dataset.Test.Count == 0 ? "no test cases" : $"{dataset.Test.Count} test case(s){(testLabels > 0 ? $" ({testLabels} with labels in labelsTs)" : "")}";
        context.Console.Info($"{Path.GetFileName(taskFolder)}: {dataset.Training.Count} training case(s), {tests}");
        context.Console.Info($"channels: {string.Join(", ", dataset.Channels.Select((c, i) => $"{i} {c}"))}");
        context.Console.Info($"labels: {string.Join(", ", dataset.Labels.Select(l => $"{l.Key} {l.Value}"))}");
        context.Console.Info($"written to {taskFolder}");
    }
}
