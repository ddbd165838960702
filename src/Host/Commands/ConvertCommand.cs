using System.CommandLine;
using System.CommandLine.Help;
using NnUNet.Abstractions;
using NnUNet.Host.Plugins;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet convert NAME -i SOURCE_DIR -t TASK_ID [-n TASK_NAME] [-o DIR] [--overwrite] [converter options]</c>:
/// one subcommand per converter plugin, made from the plugin catalog when <c>convert</c> is invoked, so that
/// <c>nnunet convert --help</c> lists the converters with the input each expects and
/// <c>nnunet convert NAME --help</c> shows that converter's own options.
/// </summary>
public sealed class ConvertCommand : HostCommand
{
    PluginCatalog? catalog;

    public ConvertCommand() : base("convert",
        "Convert foreign data (PNG, TIFF, public dataset layouts) into a raw nnU-Net v1 Task folder; 'nnunet convert NAME --help' shows a converter's input and options")
    {
    }

    public override bool NeedsPluginsToParse => true;

    public override IEnumerable<HostCommand> CreatePluginCommands(PluginCatalog catalog, Action<string> warn)
    {
        this.catalog = catalog;
        // The catalog resolves a name to its first export (and warns about duplicates); the subcommands do the same.
        foreach (var export in catalog.Converters.DistinctBy(e => e.Name).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            ConverterCommand? command = null;
            try
            {
                command = new ConverterCommand(export);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A broken plugin is reported and skipped; the other converters still work.
                warn($"converter '{export.Name}' from {export.AssemblyPath} skipped: {e.Message}");
            }
            if (command is not null) yield return command;
        }
    }

    /// <summary>`nnunet convert` alone: the help, which lists the converters.</summary>
    public override int Execute(CommandContext context) => new HelpAction().Invoke(context.ParseResult);

    /// <summary>`nnunet convert UNKNOWN ...`: one line naming the converters there are.</summary>
    public override string? ExplainParseError(ParseResult parseResult)
    {
        string? name = parseResult.UnmatchedTokens.FirstOrDefault();
        if (catalog is null || name is null || name.StartsWith('-')) return null;
        try
        {
            catalog.Converter(name);
            return null;
        }
        catch (InvalidInputException unknown)
        {
            return unknown.Message;
        }
    }
}
