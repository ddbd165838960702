using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using NnUNet.Host.Commands;
using NnUNet.Host.Console;
using NnUNet.Host.Plugins;

namespace NnUNet.Host;

/// <summary>
/// The <c>nnunet</c> command line: the list of commands, the global options, and how a run turns into an
/// exit code. To add a command, write a <see cref="HostCommand"/> in Commands/ and add one line to
/// <see cref="CreateCommands"/>.
/// </summary>
public sealed class CommandLineApp
{
    readonly GlobalOptions global = new();
    // Set by Run once the command line is parsed, before any command executes.
    IHostConsole console = new PlainConsole(System.Console.Out, System.Console.Error);
    CancellationToken cancellationToken;

    /// <summary>Every command, in the order help lists them.</summary>
    static IEnumerable<HostCommand> CreateCommands() =>
    [
        new PluginsCommand(),
        new VerifyDatasetIntegrityCommand(),
        new PlanAndPreprocessCommand(),
        new PredictCommand(),
        new EnsembleCommand(),
        new EvaluateFolderCommand(),
        new DeterminePostprocessingCommand(),
        new FindBestConfigurationCommand(),
        new TorchCheckCommand(),
    ];

    public CommandLineApp()
    {
        Root = new RootCommand("nnU-Net for .NET: self-configuring medical image segmentation, with plugins for dataset converters, trainers and network architectures.");
        Root.Options.Add(global.Plugins);
        Root.Options.Add(global.Quiet);
        Root.SetAction(parseResult => new HelpAction().Invoke(parseResult)); // `nnunet` alone shows help
        foreach (HostCommand command in CreateCommands())
        {
            command.SetAction(parseResult => command.Execute(CreateContext(command, parseResult)));
            Root.Subcommands.Add(command);
        }
    }

    public RootCommand Root { get; }

    public int Run(string[] args)
    {
        ParseResult parseResult = Root.Parse(args);
        console = HostConsoleFactory.Create(parseResult.GetValue(global.Quiet));
        // Help runs even next to other mistakes; otherwise a parse error is one line, not the error plus all of help.
        if (parseResult.Action is ParseErrorAction)
        {
            console.Error($"{string.Join(" ", parseResult.Errors.Select(e => e.Message))} (see 'nnunet --help')");
            return ExitCodes.Usage;
        }
        using var cancellation = new ConsoleCancellation(console);
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return ErrorBoundary.Run(console, token =>
        {
            cancellationToken = token;
            return parseResult.Invoke(invocation);
        }, cancellation.Token);
    }

    CommandContext CreateContext(HostCommand command, ParseResult parseResult) =>
        new(parseResult, console, () => LoadPlugins(command, parseResult), cancellationToken);

    PluginCatalog LoadPlugins(HostCommand command, ParseResult parseResult)
    {
        PluginCatalog catalog = PluginCatalog.Load(PluginSearchPath.ForThisProcess(parseResult.GetValue(global.Plugins) ?? []));
        if (!command.ShowsPluginFailures)
            foreach (PluginLoadFailure failure in catalog.Failures) console.Warning($"plugin skipped: {failure.Path}: {failure.Reason}");
        return catalog;
    }
}
