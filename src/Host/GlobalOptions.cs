using System.CommandLine;

namespace NnUNet.Host;

/// <summary>Options every command accepts, before or after the command name.</summary>
public sealed class GlobalOptions
{
    public Option<string[]> Plugins { get; } = new("--plugins")
    {
        Description = "Also load plugins from DIR (repeatable; see also NNUNET_PLUGIN_PATH)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Plain log lines instead of colours, tables and live progress bars",
        Recursive = true,
    };
}
