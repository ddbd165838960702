using System.Collections.Concurrent;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Conversion;

/// <summary>
/// The standard conversion for layouts where each case is one image file (all its channels) plus one label file:
/// png2d, tiff2d, tiff3d, Task120 and plugin converters such as the CSV sample build a list of
/// <see cref="SourceCase"/>s and hand it here. Per case (on all cores): headers first (channels, size, image vs
/// label shape), then decoding, label mapping and checking, and writing through <see cref="RawTaskWriter"/>;
/// finally dataset.json. Every problem is one <see cref="InvalidInputException"/> naming the source file.
/// </summary>
public sealed class SourceCaseConverter
{
    /// <summary>How label files become label values.</summary>
    public LabelMapping Labels { get; init; } = LabelMapping.AsIs;

    /// <summary>The labels allowed (from --labels or a preset). Null: the mapping's own, else the values found (0..n without gaps).</summary>
    public LabelSet? DeclaredLabels { get; init; }

    /// <summary>Channel names for dataset.json's "modality"; null: <see cref="DefaultModalities"/>.</summary>
    public IReadOnlyList<string>? Modalities { get; init; }

    /// <summary>Places a case's image in space from its header (and refuses wrong dimensionality); the label gets the same.</summary>
    public required Func<SourceCase, SourceImageHeader, ImageGeometry> Placement { get; init; }

    /// <summary>The NIfTI type of the images; null: the source's own (<see cref="SourceImage.StorageType"/>).</summary>
    public NiftiDataType? ImageType { get; init; }

    /// <summary>dataset.json's "description".</summary>
    public string Description { get; init; } = "";

    /// <summary>dataset.json's "reference".</summary>
    public string Reference { get; init; } = "";

    /// <summary>Cases converted at once; 0 = one per core.</summary>
    public int MaxParallelism { get; init; }

    /// <summary>"gray" for one channel, Red/Green/Blue for three, channelN otherwise.</summary>
    public static IReadOnlyList<string> DefaultModalities(int channels) => channels switch
    {
        1 => ["gray"],
        3 => ["Red", "Green", "Blue"],
        _ => Enumerable.Range(0, channels).Select(c => $"channel{c}").ToList(),
    };

    /// <summary>Converts <paramref name="cases"/> into <see cref="ConversionRequest.TaskDirectory"/> and writes dataset.json.</summary>
    public DatasetDescription Run(ConversionRequest request, IReadOnlyList<SourceCase> cases, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken)
    {
        SourceCase first = cases.FirstOrDefault(c => c.Set == CaseSet.Training)
            ?? throw new InvalidInputException($"{request.SourceDirectory}: no training cases found");
        var writer = new RawTaskWriter(request.TaskDirectory);
        foreach (SourceCase c in cases)
        {
            if (c.Set == CaseSet.Training && c.LabelPath is null) throw new InvalidInputException($"{c.ImagePath}: missing label for training case '{c.Id}'");
            writer.Register(c.Set, c.Id, c.ImagePath);
        }
        SourceImageHeader reference = SourceImageFile.ReadHeader(first.ImagePath);
        IReadOnlyList<string> modalities = Modalities ?? DefaultModalities(reference.Channels);
        if (modalities.Count != reference.Channels)
            throw new InvalidInputException(
                $"{first.ImagePath}: {reference.Channels} channel(s), but {modalities.Count} modality name(s) were given ({string.Join(", ", modalities)})");

        LabelSet? allowed = DeclaredLabels ?? Labels.ImpliedLabels;
        var found = new ConcurrentDictionary<int, bool>();
        CaseRunner.Run(cases, c => c.Id, c => Convert(c, writer, reference, allowed, found), progress, cancellationToken, MaxParallelism);

        LabelSet labels = allowed ?? LabelSet.FromValues(found.Keys, $"{request.SourceDirectory}: the label values found (no labels declared)");
        return writer.WriteDatasetJson(request, modalities, labels, Description, Reference);
    }

    void Convert(SourceCase c, RawTaskWriter writer, SourceImageHeader reference, LabelSet? allowed, ConcurrentDictionary<int, bool> found)
    {
        SourceImageHeader header = SourceImageFile.ReadHeader(c.ImagePath);
        if (header.Channels != reference.Channels)
            throw new InvalidInputException(
                $"{c.ImagePath}: {header.Channels} channel(s), but {reference.Path} has {reference.Channels}; every case needs the same channels");
        ImageGeometry geometry = Placement(c, header);
        if (c.LabelPath is not null)
        {
            SourceImageHeader labelHeader = SourceImageFile.ReadHeader(c.LabelPath);
            if (!labelHeader.Shape.SequenceEqual(header.Shape))
                throw new InvalidInputException(
                    $"{c.LabelPath}: label size {labelHeader.DescribeShape()} (z x y x x) differs from its image {c.ImagePath}, {header.DescribeShape()}");
        }

        SourceImage image = SourceImageFile.Read(c.ImagePath);
        image.EnsureFinite();
        writer.WriteImage(c.Set, c.Id, image.ToImage(geometry), ImageType ?? image.StorageType);
        if (c.LabelPath is null) return;

        SourceImage label = SourceImageFile.Read(c.LabelPath);
        float[] values = Labels.Apply(label);
        if (allowed is not null) allowed.Check(values, label);
        else
        {
            foreach (float v in values.Distinct())
            {
                if (v > ushort.MaxValue)
                    throw new InvalidInputException($"{label.Path}: label value {v} is above {ushort.MaxValue}, the largest label nnU-Net files hold");
                found.TryAdd((int)v, true);
            }
        }
        writer.WriteLabel(c.Set, c.Id, new Image(values, 1, label.Shape, geometry));
    }
}
