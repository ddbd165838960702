using NnUNet.Abstractions;
using NnUNet.Core.Conversion;

namespace NnUNet.Converters.NaturalImages;

/// <summary>2D PNG images and label masks into pseudo-3D NIfTI (1 x H x W, spacing 999 on the dummy axis).</summary>
[DatasetConverter("png2d",
    Description = "2D PNG images (gray -> 1 channel, RGB -> 3 channels) and label masks, as pseudo-3D NIfTI for the 2d configuration",
    Input = "images/ and labels/ with PNG files of matching names (optional imagesTs/, labelsTs/)")]
public sealed class Png2dConverter : IDatasetConverter
{
    public IReadOnlyList<ConverterOption> Options => FolderPairConversion.Options;

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken) =>
        FolderPairConversion.Run(request, SourceImageFile.PngEndings, progress, cancellationToken);
}
