using NnUNet.Host.Console;
using NnUNet.Host.Plugins;

namespace NnUNet.Host.Commands;

/// <summary><c>nnunet plugins</c>: what was found, where from, and which DLLs could not be loaded and why.</summary>
public sealed class PluginsCommand() : HostCommand("plugins",
    "List the converters, trainers and network architectures found, and the plugin DLLs that failed to load")
{
    public override bool ShowsPluginFailures => true;

    public override int Execute(CommandContext context)
    {
        PluginCatalog catalog = context.Plugins;
        IHostConsole console = context.Console;

        var folders = new OutputTable("Plugin folders searched", "From", "Folder");
        foreach (PluginFolder folder in catalog.Folders)
            folders.AddRow(folder.Source, Directory.Exists(folder.Path) ? folder.Path : folder.Path + " (missing)");
        console.Table(folders);

        var exports = new OutputTable("Plugins", "Kind", "Name", "Description", "Assembly");
        foreach (var e in catalog.Converters.OrderBy(e => e.Name, StringComparer.Ordinal))
            exports.AddRow("converter", e.Name, e.Metadata.Description, e.AssemblyPath);
        foreach (var e in catalog.Trainers.OrderBy(e => e.Name, StringComparer.Ordinal))
            exports.AddRow("trainer", e.Name, e.Metadata.Description, e.AssemblyPath);
        foreach (var e in catalog.Architectures.OrderBy(e => e.Name, StringComparer.Ordinal))
            exports.AddRow("architecture", e.Name, e.Metadata.Description, e.AssemblyPath);
        if (exports.Rows.Count > 0) console.Table(exports);
        else console.Info("No converters, trainers or network architectures found.");

        if (catalog.Converters.Count > 0)
        {
            var inputs = new OutputTable("Converter input ('nnunet convert NAME --help' for options)", "Converter", "Expects");
            foreach (var e in catalog.Converters.OrderBy(e => e.Name, StringComparer.Ordinal))
                inputs.AddRow(e.Name, e.Metadata.Input.Length > 0 ? e.Metadata.Input : "-");
            console.Table(inputs);
        }

        if (catalog.Failures.Count > 0)
        {
            var failures = new OutputTable("Failed to load (skipped)", "Path", "Reason");
            foreach (PluginLoadFailure failure in catalog.Failures) failures.AddRow(failure.Path, failure.Reason);
            console.Table(failures);
        }
        foreach (string warning in catalog.Warnings) console.Warning(warning);
        return ExitCodes.Success;
    }
}
