using System.Globalization;
using System.Text.RegularExpressions;
using NnUNet.Abstractions;
using NnUNet.Core.Conversion;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>
/// The Cell Tracking Challenge download layout the presets read: <c>SOURCE/{train,test}/DATASET/</c> with sequence
/// folders <c>01/</c>, <c>02/</c>, ... of frames <c>tNNN.tif</c> and, for training data, segmentations
/// <c>01_GT/SEG/man_segNNN.tif</c> (spec §2: "man_seg" + the frame name without its leading "t").
/// </summary>
internal static partial class CellTrackingLayout
{
    public const string Train = "train", Test = "test";

    [GeneratedRegex(@"^t(\d+)\.tiff?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FramePattern();

    [GeneratedRegex(@"^\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex SequencePattern();

    /// <summary>SOURCE/train/DATASET (must exist) or SOURCE/test/DATASET (null when absent).</summary>
    public static string? DatasetFolder(string source, string split, string dataset)
    {
        string folder = Path.Combine(source, split, dataset);
        if (Directory.Exists(folder)) return folder;
        if (split == Test) return null;
        throw new InvalidInputException($"{folder}: folder not found; expected the Cell Tracking Challenge layout {{{Train},{Test}}}/{dataset}/01/t000.tif with 01_GT/SEG/");
    }

    /// <summary>The sequence folders (01, 02, ...) of a dataset folder, in order.</summary>
    public static IReadOnlyList<string> Sequences(string datasetFolder)
    {
        var sequences = Directory.EnumerateDirectories(datasetFolder).Select(Path.GetFileName).OfType<string>()
            .Where(n => SequencePattern().IsMatch(n)).Order(StringComparer.Ordinal).ToList();
        return sequences.Count > 0 ? sequences : throw new InvalidInputException($"{datasetFolder}: no sequence folders (01, 02, ...)");
    }

    /// <summary>The frames of one sequence in time order, with their segmentation file when it exists.</summary>
    public static List<CellTrackingFrame> Frames(string datasetFolder, string sequence)
    {
        string folder = Path.Combine(datasetFolder, sequence);
        var frames = new List<CellTrackingFrame>();
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            Match match = FramePattern().Match(Path.GetFileName(file));
            if (!match.Success) continue;
            string digits = match.Groups[1].Value;
            string groundTruth = Path.Combine(datasetFolder, sequence + "_GT", "SEG", "man_seg" + digits + Path.GetExtension(file));
            frames.Add(new CellTrackingFrame(file, Path.GetFileNameWithoutExtension(file), int.Parse(digits, CultureInfo.InvariantCulture), digits.Length,
                File.Exists(groundTruth) ? groundTruth : null));
        }
        if (frames.Count == 0) throw new InvalidInputException($"{folder}: no frames tNNN.tif");
        return frames.OrderBy(f => f.Number).ToList();
    }

    /// <summary>Reads a frame's segmentation (instance ids, whole numbers) and checks it matches the frame's size.</summary>
    public static SourceImage ReadGroundTruth(CellTrackingFrame frame, SourceImage image)
    {
        SourceImage instances = TiffFile.Read(frame.GroundTruthPath!);
        if (!instances.Shape.SequenceEqual(image.Shape) || instances.Channels != 1)
            throw new InvalidInputException(
                $"{frame.GroundTruthPath}: {instances.Channels} channel(s) of {instances.DescribeShape()} (z x y x x), but its frame {frame.Path} is {image.DescribeShape()}; a segmentation has one channel of the frame's size");
        LabelMapping.AsIs.Apply(instances); // instance ids must be whole numbers >= 0
        return instances;
    }
}
