using NnUNet.Abstractions;
using NnUNet.Core.Conversion;

namespace NnUNet.Converters.NaturalImages;

/// <summary>2D TIFF images (8/16/32-bit integer or float) and label masks into pseudo-3D NIfTI.</summary>
[DatasetConverter("tiff2d",
    Description = "2D TIFF images (gray or RGB; 8/16/32-bit integer or 32-bit float) and label masks, as pseudo-3D NIfTI for the 2d configuration",
    Input = "images/ and labels/ with single-page .tif/.tiff files of matching names (optional imagesTs/, labelsTs/)")]
public sealed class Tiff2dConverter : IDatasetConverter
{
    public IReadOnlyList<ConverterOption> Options => FolderPairConversion.Options;

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken) =>
        FolderPairConversion.Run(request, SourceImageFile.TiffEndings, progress, cancellationToken);
}
