using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Imaging;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>
/// nnU-Net v1's Task089_Fluo-N2DH-SIM (spec §2, the "thickborder_time" variant): Fluo-N2DH-SIM+ 2D frames as
/// pseudo-3D (1 x H x W, spacing 999, 0.125, 0.125), cases <c>SEQ_tNNN</c>. Time context: channels _0000.._0003 are
/// frames t-4..t-1 and _0004 the frame itself; frames before the first are zero images. Labels: each instance
/// eroded with the 2D disk of physical radius 0.7; removed pixels border (2), the rest cell (1). Instance recovery is
/// not part of conversion.
/// </summary>
[DatasetConverter("Task089_Fluo-N2DH-SIM",
    Description = "Cell Tracking Challenge Fluo-N2DH-SIM+ as nnU-Net v1's Task089: 2D frames with 4 previous frames as channels, cell and thick border",
    Input = "{train,test}/Fluo-N2DH-SIM+/01/t000.tif ... with train/Fluo-N2DH-SIM+/01_GT/SEG/man_seg000.tif for every frame")]
public sealed class Task089FluoN2dhSimConverter : IDatasetConverter
{
    const string Dataset = "Fluo-N2DH-SIM+";
    // spec §2, Task089: in-plane spacing, border thickness, and how many previous frames become channels.
    const double InPlaneSpacing = 0.125;
    const double BorderThickness = 0.7;
    const int PreviousFrames = 4;

    static readonly string[] Modalities = ["t_minus 4", "t_minus 3", "t_minus 2", "t_minus 1", "frame of interest"];

    public IReadOnlyList<ConverterOption> Options => [];

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        static string Id(string dataset, string sequence, CellTrackingFrame frame) => $"{sequence}_{frame.Name}";
        List<CellTrackingCase> cases =
        [
            .. CellTrackingConversion.TrainingCases(request.SourceDirectory, Dataset, everyFrameAnnotated: true, Id),
            .. CellTrackingConversion.TestCases(request.SourceDirectory, Dataset, Id),
        ];
        StructuringElement disk = StructuringElement.AnisotropicBall([InPlaneSpacing, InPlaneSpacing], BorderThickness);
        CellTrackingConversion.Run(request, cases, (c, writer) => ConvertCase(c, writer, disk), Modalities, CellBorderLabels.Set,
            "Fluo-N2DH-SIM+ of the Cell Tracking Challenge with 4 previous frames as context, instances as cell and thick border",
            progress, cancellationToken);
    }

    static void ConvertCase(CellTrackingCase c, RawTaskWriter writer, StructuringElement disk)
    {
        SourceImage frame = ReadFrame(c.Frame.Path);
        ImageGeometry geometry = PseudoThreeD.Geometry(InPlaneSpacing, InPlaneSpacing);
        for (int k = PreviousFrames; k >= 1; k--)
        {
            string previous = c.Frame.Neighbour(-k);
            Image context = File.Exists(previous) ? ReadFrame(previous, frame).ToImage(geometry) : new Image(new float[frame.Data.Length], 1, frame.Shape, geometry);
            writer.WriteChannel(c.Set, c.Id, PreviousFrames - k, context, frame.StorageType);
        }
        writer.WriteChannel(c.Set, c.Id, PreviousFrames, frame.ToImage(geometry), frame.StorageType);
        if (c.Set != CaseSet.Training) return;
        SourceImage instances = CellTrackingLayout.ReadGroundTruth(c.Frame, frame);
        writer.WriteLabel(c.Set, c.Id, new Image(InstanceBorders.Compute(instances.Channel(0), frame.Shape, disk), 1, frame.Shape, geometry));
    }

    /// <summary>A gray 2D frame; a context frame must match the frame of interest's size.</summary>
    static SourceImage ReadFrame(string path, SourceImage? like = null)
    {
        SourceImage image = TiffFile.Read(path);
        if (image.Shape[0] != 1 || image.Channels != 1)
            throw new InvalidInputException($"{path}: {image.Channels} channel(s) of {image.DescribeShape()} (z x y x x); Fluo-N2DH-SIM+ frames are single gray 2D images");
        if (like is not null && !image.Shape.SequenceEqual(like.Shape))
            throw new InvalidInputException($"{path}: {image.DescribeShape()} differs from the frame it is context for, {like.Path} ({like.DescribeShape()})");
        image.EnsureFinite();
        return image;
    }
}
