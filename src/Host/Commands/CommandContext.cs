using System.CommandLine;
using NnUNet.Host.Console;
using NnUNet.Host.Plugins;

namespace NnUNet.Host.Commands;

/// <summary>What a running command gets: its parsed values, the console, the plugins (loaded on first use) and Ctrl+C.</summary>
public sealed class CommandContext(ParseResult parseResult, IHostConsole console, Func<PluginCatalog> loadPlugins, CancellationToken cancellationToken)
{
    readonly Lazy<PluginCatalog> plugins = new(loadPlugins);

    public ParseResult ParseResult { get; } = parseResult;

    public IHostConsole Console { get; } = console;

    /// <summary>Every plugin found (built-in, NNUNET_PLUGIN_PATH, --plugins); loaded the first time it is read.</summary>
    public PluginCatalog Plugins => plugins.Value;

    /// <summary>Set by Ctrl+C or SIGTERM: check it between steps of long work (ThrowIfCancellationRequested).</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The value of one of the command's options or arguments.</summary>
    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    /// <inheritdoc cref="Get{T}(Option{T})"/>
    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);
}
