namespace NnUNet.Abstractions;

/// <summary>
/// Turns foreign data (PNG, TIFF, ...) into a raw nnU-Net Task folder of NIfTI files plus dataset.json.
/// Export an implementation with <see cref="DatasetConverterAttribute"/>.
/// </summary>
public interface IDatasetConverter
{
    /// <summary>The converter's own options beyond -i/-t/-n/-o (shown in help, passed in the request).</summary>
    IReadOnlyList<ConverterOption> Options { get; }

    /// <summary>
    /// Converts <see cref="ConversionRequest.SourceDirectory"/> into <see cref="ConversionRequest.TaskDirectory"/>.
    /// Throws <see cref="InvalidInputException"/> naming the file for bad input; reports one progress step per case.
    /// </summary>
    void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken);
}
