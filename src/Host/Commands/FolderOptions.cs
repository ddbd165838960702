using System.CommandLine;
using NnUNet.Core.Datasets;

namespace NnUNet.Host.Commands;

/// <summary>
/// The explicit-folder options every data command accepts instead of (and winning over) the environment
/// variables: --raw-data-base, --raw, --preprocessed, --results.
/// </summary>
public sealed class FolderOptions
{
    readonly Option<string?> rawDataBase = new(NnUNetPaths.RawDataBaseOption) { Description = $"v1 raw data base folder (instead of ${NnUNetPaths.RawDataBaseVariable})" };
    readonly Option<string?> raw = new(NnUNetPaths.RawOption) { Description = $"v2 raw folder (instead of ${NnUNetPaths.RawVariable})" };
    readonly Option<string?> preprocessed = new(NnUNetPaths.PreprocessedOption) { Description = $"preprocessed folder (instead of ${NnUNetPaths.PreprocessedVariable})" };
    readonly Option<string?> results = new(NnUNetPaths.ResultsOption) { Description = $"results folder (instead of ${NnUNetPaths.ResultsVariable})" };

    /// <summary>Adds the four options to <paramref name="command"/>.</summary>
    public FolderOptions(Command command)
    {
        foreach (var option in new[] { rawDataBase, raw, preprocessed, results }) command.Options.Add(option);
    }

    /// <summary>The folders for this run: explicit options first, then the process environment.</summary>
    public NnUNetPaths Resolve(CommandContext context) => NnUNetPaths.FromProcessEnvironment(new NnUNetFolderOptions(
        context.Get(rawDataBase), context.Get(raw), context.Get(preprocessed), context.Get(results)));
}
