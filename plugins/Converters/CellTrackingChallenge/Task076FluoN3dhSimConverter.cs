using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Imaging;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>
/// nnU-Net v1's Task076_Fluo_N3DH_SIM (spec §2): Fluo-N3DH-SIM+, every training frame annotated, cases
/// <c>SEQ_tNNN</c> at spacing (0.2, 0.125, 0.125). Each instance is eroded with the anisotropic ball of physical
/// radius 0.5; the removed voxels become border (2), the rest cell (1). Instance recovery from these labels
/// (convert_to_instance_seg) belongs to prediction, not conversion, and is not part of this converter.
/// </summary>
[DatasetConverter("Task076_Fluo_N3DH_SIM",
    Description = "Cell Tracking Challenge Fluo-N3DH-SIM+ as nnU-Net v1's Task076: 3D stacks, cell and cell border (anisotropic ball erosion)",
    Input = "{train,test}/Fluo-N3DH-SIM+/01/t000.tif ... with train/Fluo-N3DH-SIM+/01_GT/SEG/man_seg000.tif for every frame")]
public sealed class Task076FluoN3dhSimConverter : IDatasetConverter
{
    const string Dataset = "Fluo-N3DH-SIM+";
    // spec §2, Task076: spacing and the physical radius of the border erosion.
    static readonly double[] Spacing = [0.2, 0.125, 0.125];
    const double BorderRadius = 0.5;

    public IReadOnlyList<ConverterOption> Options => [];

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        static string Id(string dataset, string sequence, CellTrackingFrame frame) => $"{sequence}_{frame.Name}";
        List<CellTrackingCase> cases =
        [
            .. CellTrackingConversion.TrainingCases(request.SourceDirectory, Dataset, everyFrameAnnotated: true, Id),
            .. CellTrackingConversion.TestCases(request.SourceDirectory, Dataset, Id),
        ];
        StructuringElement ball = StructuringElement.AnisotropicBall(Spacing, BorderRadius);
        CellTrackingConversion.Run(request, cases, (c, writer) => ConvertCase(c, writer, ball), ["BF"], CellBorderLabels.Set,
            "Fluo-N3DH-SIM+ of the Cell Tracking Challenge, instances as cell and border", progress, cancellationToken);
    }

    static void ConvertCase(CellTrackingCase c, RawTaskWriter writer, StructuringElement ball)
    {
        SourceImage image = TiffFile.Read(c.Frame.Path);
        image.EnsureFinite();
        ImageGeometry geometry = ImageGeometry.Identity.WithSpacing(Spacing);
        writer.WriteImage(c.Set, c.Id, image.ToImage(geometry), image.StorageType);
        if (c.Set != CaseSet.Training) return;
        SourceImage instances = CellTrackingLayout.ReadGroundTruth(c.Frame, image);
        writer.WriteLabel(c.Set, c.Id, new Image(InstanceBorders.Compute(instances.Channel(0), image.Shape, ball), 1, image.Shape, geometry));
    }
}
