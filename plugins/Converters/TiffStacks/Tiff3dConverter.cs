using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Imaging;

namespace NnUNet.Converters.TiffStacks;

/// <summary>
/// Multi-page TIFF stacks into 3D volumes: pages are z. Spacing (z, y, x) comes from the image's sidecar
/// <c>NAME.json</c> (nnU-Net v2's Tiff3DIO convention, <see cref="SpacingSidecar"/>) or else from --spacing; anisotropic
/// spacing is kept as it is. A label's own sidecar, if any, must agree with its image's spacing.
/// </summary>
[DatasetConverter("tiff3d",
    Description = "Multi-page TIFF stacks (gray or RGB; 8/16/32-bit integer or 32-bit float) and label stacks, as 3D NIfTI volumes with their spacing",
    Input = "images/ and labels/ with .tif/.tiff stacks of matching names (optional imagesTs/, labelsTs/); spacing from NAME.json {\"spacing\": [z, y, x]} beside a stack, or --spacing")]
public sealed class Tiff3dConverter : IDatasetConverter
{
    // Spacings compared as numpy.isclose does (the integrity check's tolerance).
    const double RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-8;

    static readonly ConverterOption SpacingOption = new("spacing",
        "Voxel spacing Z Y X for stacks without a NAME.json sidecar (a sidecar wins)", ValueCount: 3, ValueName: "Z Y X");

    public IReadOnlyList<ConverterOption> Options => [SpacingOption, .. CommonConverterOptions.All];

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var values = new ConverterOptionValues(request.Options);
        double[]? defaultSpacing = values.Numbers(SpacingOption.Name, positive: true);
        new SourceCaseConverter
        {
            Labels = CommonConverterOptions.Mapping(values),
            DeclaredLabels = CommonConverterOptions.DeclaredLabels(values),
            Modalities = CommonConverterOptions.Modalities(values),
            Placement = (c, header) => Place(c, header, defaultSpacing),
        }.Run(request, PairedFolders.Find(request.SourceDirectory, SourceImageFile.TiffEndings), progress, cancellationToken);
    }

    static ImageGeometry Place(SourceCase c, SourceImageHeader header, double[]? defaultSpacing)
    {
        double[] spacing = SpacingSidecar.TryRead(c.ImagePath) ?? defaultSpacing
            ?? throw new InvalidInputException(
                $"{c.ImagePath}: no spacing: write {Path.GetFileName(SpacingSidecar.PathFor(c.ImagePath))} with {{\"spacing\": [z, y, x]}} beside it or pass --spacing Z Y X");
        if (c.LabelPath is not null && SpacingSidecar.TryRead(c.LabelPath) is { } labelSpacing
            && !labelSpacing.Zip(spacing).All(p => Math.Abs(p.First - p.Second) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(p.Second)))
            throw new InvalidInputException(
                $"{SpacingSidecar.PathFor(c.LabelPath)}: spacing [{Format(labelSpacing)}] differs from its image's [{Format(spacing)}]");
        return ImageGeometry.Identity.WithSpacing(spacing);
    }

    static string Format(double[] values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
