using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Converters;

/// <summary>
/// A source folder to fill in a converter's original layout and a Task folder to convert into, as the host would
/// set them up; <see cref="Convert"/> runs a converter in-process and checks the result with the integrity verifier.
/// </summary>
internal sealed class ConversionRun : IDisposable
{
    readonly TempDirectory temp = new("nnunet-convert");

    public ConversionRun()
    {
        Directory.CreateDirectory(Source);
        Directory.CreateDirectory(Task);
    }

    public string Source => temp.Combine("source");

    public string Task => temp.Combine("Task501_Test");

    public string InSource(params string[] parts) => Path.Combine([Source, .. parts]);

    public string InTask(params string[] parts) => Path.Combine([Task, .. parts]);

    /// <summary>Runs the converter; options as "name", "value", ... pairs are not needed: pass a dictionary.</summary>
    public DatasetDescription Convert(IDatasetConverter converter, Dictionary<string, string[]>? options = null)
    {
        converter.Convert(Request(options), null, CancellationToken.None);
        DatasetIntegrityReport report = DatasetIntegrityVerifier.Verify(Task);
        Assert.True(!report.HasErrors && report.WarningCount == 0, string.Join("\n", report.RenderLines()));
        return DatasetDescription.Read(Task);
    }

    /// <summary>Runs the converter expecting bad input; returns the one-line message.</summary>
    public string Fails(IDatasetConverter converter, Dictionary<string, string[]>? options = null) =>
        Assert.Throws<InvalidInputException>(() => converter.Convert(Request(options), null, CancellationToken.None)).Message;

    public ConversionRequest Request(Dictionary<string, string[]>? options = null) =>
        new(Source, Task, 501, "Test", options ?? []);

    /// <summary>A converted image channel or label file.</summary>
    public Image Read(params string[] partsInTask) => NiftiReader.Read(InTask(partsInTask));

    public void Dispose() => temp.Dispose();
}
