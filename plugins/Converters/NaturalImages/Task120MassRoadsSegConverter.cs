using NnUNet.Abstractions;
using NnUNet.Core.Conversion;

namespace NnUNet.Converters.NaturalImages;

/// <summary>
/// nnU-Net v1's Task120_MassRoadsSeg (spec §2): the Massachusetts Roads PNGs in their published layout. Only images
/// with a mask in output/ are used; masks are 255 -> 1 (street), everything else 0; RGB images become channels
/// Red, Green, Blue at spacing (999, 1, 1). Test images with their masks go to imagesTs and labelsTs.
/// </summary>
[DatasetConverter(Name,
    Description = "Massachusetts Roads as nnU-Net v1's Task120: RGB aerial images, road masks 255 -> 1",
    Input = "road_segmentation_ideal/{training,testing}/{input,output}/*.png (or that folder's parent)")]
public sealed class Task120MassRoadsSegConverter : IDatasetConverter
{
    const string Name = "Task120_MassRoadsSeg";
    const string Root = "road_segmentation_ideal";
    // spec §2: label transform x == 255 -> 1 on 8-bit masks.
    const double RoadValue = 255;

    public IReadOnlyList<ConverterOption> Options => [];

    public void Convert(ConversionRequest request, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        string source = Directory.Exists(Path.Combine(request.SourceDirectory, Root)) ? Path.Combine(request.SourceDirectory, Root) : request.SourceDirectory;
        string training = Path.Combine(source, "training"), testing = Path.Combine(source, "testing");
        foreach (string folder in new[] { Path.Combine(training, "input"), Path.Combine(training, "output") })
            if (!Directory.Exists(folder))
                throw new InvalidInputException($"{folder}: folder not found; expected {Root}/{{training,testing}}/{{input,output}}/*.png");
        var cases = PairedFolders.Pair(Path.Combine(training, "input"), Path.Combine(training, "output"), SourceImageFile.PngEndings, CaseSet.Training, skipUnlabelled: true);
        if (Directory.Exists(Path.Combine(testing, "input")) && Directory.Exists(Path.Combine(testing, "output")))
            cases.AddRange(PairedFolders.Pair(Path.Combine(testing, "input"), Path.Combine(testing, "output"), SourceImageFile.PngEndings, CaseSet.Test, skipUnlabelled: true));

        new SourceCaseConverter
        {
            Labels = LabelMapping.Threshold(RoadValue),
            DeclaredLabels = LabelSet.Create([new(0, LabelSet.BackgroundName), new(1, "street")], Name),
            Modalities = ["Red", "Green", "Blue"],
            Placement = (_, _) => PseudoThreeD.Geometry(),
            Description = "Massachusetts Roads (Mnih 2013), road segmentation of aerial images",
            Reference = "https://www.cs.toronto.edu/~vmnih/data/",
        }.Run(request, cases, progress, cancellationToken);
    }
}
