using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
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
    // Loaded at most once per run: for parsing (convert) or when a command first reads it.
    PluginCatalog? catalog;
    // Commands whose plugin subcommands were added (Run may be called more than once).
    readonly HashSet<HostCommand> withPluginCommands = [];

    /// <summary>Every command, in the order help lists them.</summary>
    static IEnumerable<HostCommand> CreateCommands() =>
    [
        new DemoCommand(),
        new PluginsCommand(),
        new ConvertCommand(),
        new VerifyDatasetIntegrityCommand(),
        new PlanAndPreprocessCommand(),
        new TrainCommand(),
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
        foreach (HelpOption help in Root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction generated) help.Action = new HelpWithEpilog(generated);
        foreach (HostCommand command in CreateCommands()) Add(Root, command);
    }

    void Add(Command parent, HostCommand command)
    {
        command.SetAction(parseResult => command.Execute(CreateContext(command, parseResult)));
        parent.Subcommands.Add(command);
    }

    public RootCommand Root { get; }

    public int Run(string[] args)
    {
        ParseResult parseResult = Root.Parse(args);
        IHostConsole created = HostConsoleFactory.Create(parseResult.GetValue(global.Quiet));
        using var cancellation = new ConsoleCancellation(created);
        return Run(args, parseResult, created, cancellation.Token);
    }

    /// <summary>
    /// Runs a command line inside a command that is already running (the demo runs every step this way): its output goes
    /// to <paramref name="output"/> and <paramref name="stop"/> (the outer command's Ctrl+C) cancels it.
    /// </summary>
    internal int Run(string[] args, IHostConsole output, CancellationToken stop) => Run(args, Root.Parse(args), output, stop);

    int Run(string[] args, ParseResult parseResult, IHostConsole output, CancellationToken stop)
    {
        console = output;
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return ErrorBoundary.Run(console, token =>
        {
            cancellationToken = token;
            // Loading plugins may fail on the user's input (--plugins DIR missing), hence inside the boundary.
            if (parseResult.CommandResult.Command is HostCommand { NeedsPluginsToParse: true } command && withPluginCommands.Add(command))
            {
                foreach (HostCommand sub in command.CreatePluginCommands(LoadPlugins(command, parseResult), console.Warning)) Add(command, sub);
                parseResult = Root.Parse(args);
            }
            // Help runs even next to other mistakes; otherwise a parse error is one line, not the error plus all of help.
            if (parseResult.Action is ParseErrorAction)
            {
                console.Error((parseResult.CommandResult.Command as HostCommand)?.ExplainParseError(parseResult)
                    ?? $"{string.Join(" ", parseResult.Errors.Select(e => e.Message))} (see 'nnunet {HelpPath(parseResult)}--help')");
                return ExitCodes.Usage;
            }
            return parseResult.Invoke(invocation);
        }, stop);
    }

    /// <summary>"convert png2d " for a parse error inside `nnunet convert png2d`, so the hint points at the right help.</summary>
    static string HelpPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult { Command: not RootCommand } command; result = command.Parent)
            names.Insert(0, command.Command.Name);
        return names.Count == 0 ? "" : string.Join(" ", names) + " ";
    }

    /// <summary>The generated help, then the command's <see cref="HostCommand.HelpEpilog"/>.</summary>
    sealed class HelpWithEpilog(HelpAction generated) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int exit = generated.Invoke(parseResult);
            if (parseResult.CommandResult.Command is HostCommand { HelpEpilog: { } epilog })
            {
                TextWriter output = parseResult.InvocationConfiguration?.Output ?? System.Console.Out;
                output.WriteLine(epilog);
                output.WriteLine();
            }
            return exit;
        }
    }

    CommandContext CreateContext(HostCommand command, ParseResult parseResult) =>
        new(parseResult, console, () => LoadPlugins(command, parseResult), cancellationToken);

    PluginCatalog LoadPlugins(HostCommand command, ParseResult parseResult)
    {
        if (catalog is not null) return catalog;
        catalog = PluginCatalog.Load(PluginSearchPath.ForThisProcess(parseResult.GetValue(global.Plugins) ?? []));
        if (!command.ShowsPluginFailures)
            foreach (PluginLoadFailure failure in catalog.Failures) console.Warning($"plugin skipped: {failure.Path}: {failure.Reason}");
        return catalog;
    }
}
