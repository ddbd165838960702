using System.CommandLine;
using NnUNet.Core.Datasets;

namespace NnUNet.Host.Commands;

/// <summary><c>nnunet verify_dataset_integrity -t ID</c>: every check of spec §1, all problems listed.</summary>
public sealed class VerifyDatasetIntegrityCommand : HostCommand
{
    readonly Option<string> task = new("-t", "--task") { Description = "task id or name (501, Task501_Name, Dataset501_Name)", Required = true };
    readonly FolderOptions folders;

    public VerifyDatasetIntegrityCommand() : base("verify_dataset_integrity",
        "Check a raw Task folder: files, ids, NaN, geometry, labels and test cases; lists every problem")
    {
        Options.Add(task);
        folders = new FolderOptions(this);
    }

    public override int Execute(CommandContext context)
    {
        TaskFolder folder = folders.Resolve(context).FindRawTask(context.Get(task)!);
        DatasetIntegrityReport report = context.Console.RunWithProgress($"verify {folder.Name}",
            progress => DatasetIntegrityVerifier.Verify(folder.Path, progress, Environment.ProcessorCount, context.CancellationToken));
        foreach (DatasetProblem problem in report.Problems)
        {
            if (problem.Severity == ProblemSeverity.Error) context.Console.Error(problem.Render(report.DatasetFolder));
            else context.Console.Warning(problem.Render(report.DatasetFolder));
        }
        context.Console.Info(report.Summary());
        return report.HasErrors ? ExitCodes.InvalidInput : ExitCodes.Success;
    }
}
