using NnUNet.Abstractions;

namespace NnUNet.Tests.Plugins.ProbePlugin;

/// <summary>Test fixture: a converter that exists only to be discovered.</summary>
[DatasetConverter("probe-converter", Description = "Test fixture converter (discovery only)", Input = "nothing")]
public sealed class ProbeConverter : IDatasetConverter
{
    public IReadOnlyList<ConverterOption> Options => [];

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken) =>
        throw new NotSupportedException("ProbeConverter is a discovery test fixture.");
}
