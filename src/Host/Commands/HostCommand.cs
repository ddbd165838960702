using System.CommandLine;
using NnUNet.Host.Plugins;

namespace NnUNet.Host.Commands;

/// <summary>
/// Base of every <c>nnunet</c> command. A command declares its arguments and options in its constructor
/// (as fields, so <see cref="Execute"/> can read them through the context) and does its work in
/// <see cref="Execute"/>. Register it with one line in <see cref="CommandLineApp"/>.
/// </summary>
/// <remarks>
/// Throw NnUNet.Abstractions.InvalidInputException for anything the user can fix (one line naming the file
/// and the problem); the host prints it and exits 1. Any other exception is reported as a bug.
/// </remarks>
public abstract class HostCommand(string name, string description) : Command(name, description)
{
    /// <summary>Does the work and returns the exit code (<see cref="ExitCodes.Success"/>).</summary>
    public abstract int Execute(CommandContext context);

    /// <summary>
    /// Whether this command shows plugin load failures itself; otherwise the host prints each as a warning
    /// when the command first reads <see cref="CommandContext.Plugins"/>.
    /// </summary>
    public virtual bool ShowsPluginFailures => false;

    /// <summary>
    /// Whether the command's own arguments depend on the plugins (e.g. <c>convert</c> has one subcommand per
    /// converter). The host then loads the plugins before parsing again, only when this command is invoked.
    /// </summary>
    public virtual bool NeedsPluginsToParse => false;

    /// <summary>The subcommands made from the plugins; called once, when <see cref="NeedsPluginsToParse"/>.</summary>
    public virtual IEnumerable<HostCommand> CreatePluginCommands(PluginCatalog catalog, Action<string> warn) => [];

    /// <summary>Text printed after the generated help of this command (examples, how it fits the workflow), or null.</summary>
    public virtual string? HelpEpilog => null;

    /// <summary>A better one-line message than the parser's for a command line this command could not parse, or null.</summary>
    public virtual string? ExplainParseError(ParseResult parseResult) => null;
}
