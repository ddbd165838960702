using System.CommandLine;

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
}
