using System.Composition;
using System.Composition.Hosting;
using System.Reflection;
using McMaster.NETCore.Plugins;
using NnUNet.Abstractions;
using NnUNet.Core.IO;
using TorchSharp;

namespace NnUNet.Host.Plugins;

/// <summary>
/// The converters, trainers and network architectures of every plugin DLL in the plugin folders, plus the
/// DLLs that could not be used and why. Each DLL gets its own load context (McMaster.NETCore.Plugins) that
/// prefers the host's copy of every assembly the host has, so contract types, Core and TorchSharp are the
/// host's: two copies of libtorch in one process abort it. A bad DLL is recorded and skipped, never fatal.
/// </summary>
public sealed class PluginCatalog
{
    /// <summary>Types whose assemblies plugins must share with the host (contracts, engine, tensors, MEF).</summary>
    public static readonly Type[] SharedTypes =
    [
        typeof(IDatasetConverter),    // NnUNet.Abstractions
        typeof(AtomicFile),           // NnUNet.Core
        typeof(torch),                // TorchSharp
        typeof(ExportAttribute),      // System.Composition.AttributedModel
        typeof(ExportFactory<,>),     // System.Composition.Runtime
    ];

    readonly List<PluginExport<IDatasetConverter, ConverterMetadata>> converters = [];
    readonly List<PluginExport<ITrainer, PluginMetadata>> trainers = [];
    readonly List<PluginExport<INetworkArchitecture, PluginMetadata>> architectures = [];
    readonly List<PluginLoadFailure> failures = [];
    readonly List<string> warnings = [];

    PluginCatalog(IReadOnlyList<PluginFolder> folders) => Folders = folders;

    /// <summary>The folders searched, in order.</summary>
    public IReadOnlyList<PluginFolder> Folders { get; }

    public IReadOnlyList<PluginExport<IDatasetConverter, ConverterMetadata>> Converters => converters;

    public IReadOnlyList<PluginExport<ITrainer, PluginMetadata>> Trainers => trainers;

    public IReadOnlyList<PluginExport<INetworkArchitecture, PluginMetadata>> Architectures => architectures;

    /// <summary>DLLs (or folders) that could not be used, with the reason.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures => failures;

    /// <summary>Problems that did not stop loading, e.g. two plugins exporting the same name.</summary>
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>Loads and composes every plugin DLL in <paramref name="folders"/>; never throws for a bad plugin.</summary>
    public static PluginCatalog Load(IReadOnlyList<PluginFolder> folders)
    {
        var catalog = new PluginCatalog(folders);
        foreach (PluginFolder folder in folders)
        {
            if (!Directory.Exists(folder.Path))
            {
                // The built-in folder is absent when the host was built without plugins; that is not a problem.
                if (folder.Source != PluginSearchPath.BuiltInSource)
                    catalog.failures.Add(new PluginLoadFailure(folder.Path, $"folder not found (from {folder.Source})"));
                continue;
            }
            foreach (string file in PluginFileScanner.FindPluginFiles(folder.Path)) catalog.LoadFile(file);
        }
        catalog.WarnAboutDuplicateNames();
        return catalog;
    }

    public PluginExport<IDatasetConverter, ConverterMetadata> Converter(string name) => Find(converters, "converter", name);

    public PluginExport<ITrainer, PluginMetadata> Trainer(string name) => Find(trainers, "trainer", name);

    public PluginExport<INetworkArchitecture, PluginMetadata> Architecture(string name) => Find(architectures, "network architecture", name);

    void LoadFile(string path)
    {
        try
        {
            PluginLoader loader = PluginLoader.CreateFromAssemblyFile(path, SharedTypes, config => config.PreferSharedTypes = true);
            Assembly assembly = loader.LoadDefaultAssembly();
            EnsureSharedWithHost(assembly, loader);
            CompositionHost container = new ContainerConfiguration().WithAssembly(assembly).CreateContainer();
            var found = (
                Converters: Exports<IDatasetConverter, ConverterMetadata>(container, PluginKind.Converter, path),
                Trainers: Exports<ITrainer, PluginMetadata>(container, PluginKind.Trainer, path),
                Architectures: Exports<INetworkArchitecture, PluginMetadata>(container, PluginKind.Architecture, path));
            // Added only once everything in the DLL composed, so a DLL is either fully listed or a failure.
            converters.AddRange(found.Converters);
            trainers.AddRange(found.Trainers);
            architectures.AddRange(found.Architectures);
        }
        catch (Exception e)
        {
            failures.Add(new PluginLoadFailure(path, PluginLoadReason.Describe(e)));
        }
    }

    static List<PluginExport<TContract, TMetadata>> Exports<TContract, TMetadata>(CompositionHost container, PluginKind kind, string path)
        where TMetadata : PluginMetadata, new() =>
        container.GetExports<ExportFactory<TContract, IDictionary<string, object>>>()
            .Select(factory => new PluginExport<TContract, TMetadata>(
                kind, PluginMetadataReader.Read<TMetadata>(factory.Metadata), path, () => factory.CreateExport().Value))
            .ToList();

    /// <summary>
    /// Fails the plugin when its load context would bind a shared assembly (Abstractions, Core, TorchSharp, MEF)
    /// to a copy other than the host's, e.g. a plugin built against a newer TorchSharp that it ships itself.
    /// </summary>
    static void EnsureSharedWithHost(Assembly plugin, PluginLoader loader)
    {
        Dictionary<string, Assembly> shared = SharedTypes.Select(t => t.Assembly).Distinct()
            .ToDictionary(a => a.GetName().Name!, StringComparer.OrdinalIgnoreCase);
        foreach (AssemblyName reference in plugin.GetReferencedAssemblies())
        {
            if (reference.Name is null || !shared.TryGetValue(reference.Name, out Assembly? host)) continue;
            Assembly? bound = null;
            try { bound = loader.LoadContext.LoadFromAssemblyName(reference); }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException) { }
            if (!ReferenceEquals(bound, host))
                throw new PluginLoadException(
                    $"built against {reference.Name} {reference.Version}, which does not bind to the host's {host.GetName().Version}; rebuild the plugin against this host");
        }
    }

    void WarnAboutDuplicateNames()
    {
        IEnumerable<(string Kind, string Name, string Path)> all =
            converters.Select(e => ("converter", e.Name, e.AssemblyPath))
            .Concat(trainers.Select(e => ("trainer", e.Name, e.AssemblyPath)))
            .Concat(architectures.Select(e => ("network architecture", e.Name, e.AssemblyPath)));
        foreach (var group in all.GroupBy(e => (e.Kind, e.Name)).Where(g => g.Count() > 1))
            warnings.Add($"{group.Key.Kind} '{group.Key.Name}' is exported by {string.Join(" and ", group.Select(e => e.Path))}; the first is used");
    }

    static PluginExport<TContract, TMetadata> Find<TContract, TMetadata>(
        List<PluginExport<TContract, TMetadata>> exports, string kind, string name) where TMetadata : PluginMetadata
    {
        PluginExport<TContract, TMetadata>? match = exports.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));
        if (match is not null) return match;
        string known = exports.Count == 0 ? "none are installed" : "known: " + string.Join(", ", exports.Select(e => e.Name).Distinct().Order());
        throw new InvalidInputException($"no {kind} named '{name}' ({known}; 'nnunet plugins' lists them and where the host looked)");
    }
}
