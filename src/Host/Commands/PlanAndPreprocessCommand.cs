using System.CommandLine;
using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Host.Console;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet plan_and_preprocess -t 501 [502 ...]</c> (v1 nnUNet_plan_and_preprocess, spec §11): fingerprint, plans
/// (ExperimentPlanner3D_v21 / ExperimentPlanner2D_v21, plans nnUNetPlansv2.1) and preprocessed data of each task
/// into $nnUNet_preprocessed/TaskXXX_Name/ (or -o DIR), with the time and peak memory of every phase.
/// </summary>
public sealed class PlanAndPreprocessCommand : HostCommand
{
    const string Planner3D = "ExperimentPlanner3D_v21";
    const string Planner2D = "ExperimentPlanner2D_v21";
    const string NoPlanner = "None";
    const double MegaBytes = 1 << 20;

    readonly Option<string[]> tasks = new("-t", "--task_ids")
    {
        Description = "task ids or names (501, Task501_Name); several allowed",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };
    readonly Option<bool> verify = new("--verify_dataset_integrity") { Description = "check each raw task first (recommended on first use)" };
    readonly Option<string> planner3D = new("-pl3d", "--planner3d")
    {
        Description = $"3D planner: {Planner3D} or {NoPlanner} (no 3D configurations)",
        DefaultValueFactory = _ => Planner3D,
    };
    readonly Option<string> planner2D = new("-pl2d", "--planner2d")
    {
        Description = $"2D planner: {Planner2D} or {NoPlanner} (no 2d configuration)",
        DefaultValueFactory = _ => Planner2D,
    };
    readonly Option<bool> noPreprocessing = new("-no_pp") { Description = "fingerprint and plans only, no preprocessed data" };
    readonly Option<int> lowResThreads = new("-tl")
    {
        Description = "cases preprocessed in parallel for 3d_lowres (default: cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };
    readonly Option<int> fullResThreads = new("-tf")
    {
        Description = "cases processed in parallel for the fingerprint, 3d_fullres and 2d (default: cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };
    readonly Option<string?> output = new("-o", "--output")
    {
        Description = $"preprocessed root folder to write TaskXXX_Name/ into (default: ${NnUNetPaths.PreprocessedVariable})",
    };
    readonly FolderOptions folders;

    public PlanAndPreprocessCommand() : base("plan_and_preprocess",
        "Fingerprint, plan (nnUNetPlansv2.1) and preprocess raw tasks for training, as nnU-Net v1")
    {
        foreach (Option option in new Option[] { tasks, verify, planner3D, planner2D, noPreprocessing, lowResThreads, fullResThreads, output })
            Options.Add(option);
        folders = new FolderOptions(this);
    }

    public override int Execute(CommandContext context)
    {
        var options = new PlanAndPreprocessOptions
        {
            Plan3D = Planner(context.Get(planner3D)!, Planner3D, "-pl3d"),
            Plan2D = Planner(context.Get(planner2D)!, Planner2D, "-pl2d"),
            Preprocess = !context.Get(noPreprocessing),
            VerifyIntegrity = context.Get(verify),
            LowResThreads = Threads(context.Get(lowResThreads), "-tl"),
            FullResThreads = Threads(context.Get(fullResThreads), "-tf"),
        };
        NnUNetPaths paths = folders.Resolve(context);
        // Every task is found before any work starts, so a typo does not leave half the tasks done.
        var rawTasks = context.Get(tasks)!.Select(paths.FindRawTask).ToList();
        string outputRoot = context.Get(output) is { Length: > 0 } o ? Path.GetFullPath(o) : paths.PreprocessedFolder;

        foreach (TaskFolder task in rawTasks)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            string target = Path.Combine(outputRoot, task.Name);
            PlanAndPreprocessReport report = context.Console.RunWithProgress($"plan_and_preprocess {task.Name}",
                progress => PlanAndPreprocess.Run(task.Path, target, options, progress, context.CancellationToken));
            Print(context.Console, task, options, report);
        }
        return ExitCodes.Success;
    }

    static void Print(IHostConsole console, TaskFolder task, PlanAndPreprocessOptions options, PlanAndPreprocessReport report)
    {
        PlanningResult planning = report.Planning;
        if (options.Plan3D && planning.Skipped3DReason is { } reason) console.Warning($"{task.Name}: {reason}");
        var configurations = planning.AvailableConfigurations
            .Where(c => c == Configurations.TwoD ? options.Plan2D : options.Plan3D).ToList();
        console.Info($"{task.Name}: configurations {(configurations.Count > 0 ? string.Join(", ", configurations) : "none")}");

        var table = new OutputTable($"{task.Name}: time and memory per phase", "Phase", "Cases", "Seconds", "s/case", "Mvoxels/s", "CPU s", "Peak MB");
        foreach (PhaseMeasurement p in report.Phases)
            table.AddRow(p.Name, p.Cases.ToString(CultureInfo.InvariantCulture), F(p.WallSeconds, 2),
                p.Cases > 0 ? F(p.SecondsPerCase, 3) : "-", p.Voxels > 0 ? F(p.VoxelsPerSecond / 1e6, 1) : "-",
                F(p.CpuSeconds, 2), F(p.PeakWorkingSetBytes / MegaBytes, 0));
        console.Table(table);
        console.Info($"{task.Name}: written to {report.OutputFolder}; peak memory {F(report.ProcessPeakWorkingSetBytes / MegaBytes, 0)} MB");
    }

    static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    static bool Planner(string value, string supported, string option) =>
        value == supported ? true
        : value == NoPlanner ? false
        : throw new InvalidInputException($"{option} {value}: unknown planner; use {supported} or {NoPlanner}.");

    static int Threads(int value, string option) =>
        value >= 1 ? value : throw new InvalidInputException($"{option} {value}: give at least 1 thread.");
}
