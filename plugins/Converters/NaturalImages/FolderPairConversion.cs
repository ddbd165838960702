using NnUNet.Abstractions;
using NnUNet.Core.Conversion;

namespace NnUNet.Converters.NaturalImages;

/// <summary>What png2d and tiff2d share: the images/ + labels/ layout, the common options and 2D placement.</summary>
internal static class FolderPairConversion
{
    public static readonly ConverterOption SpacingOption = new("spacing",
        "In-plane pixel spacing Y X (default 1 1); the dummy first axis gets 999 as nnU-Net v1 expects", ValueCount: 2, ValueName: "Y X");

    public static IReadOnlyList<ConverterOption> Options { get; } = [SpacingOption, .. CommonConverterOptions.All];

    public static void Run(ConversionRequest request, IReadOnlyList<string> endings, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        var values = new ConverterOptionValues(request.Options);
        double[] spacing = values.Numbers(SpacingOption.Name, positive: true) ?? [1, 1];
        var converter = new SourceCaseConverter
        {
            Labels = CommonConverterOptions.Mapping(values),
            DeclaredLabels = CommonConverterOptions.DeclaredLabels(values),
            Modalities = CommonConverterOptions.Modalities(values),
            Placement = (_, header) => header.Shape[0] == 1
                ? PseudoThreeD.Geometry(spacing[0], spacing[1])
                : throw new InvalidInputException($"{header.Path}: a stack of {header.Shape[0]} pages, not a 2D image; convert stacks with tiff3d"),
        };
        converter.Run(request, PairedFolders.Find(request.SourceDirectory, endings), progress, cancellationToken);
    }
}
