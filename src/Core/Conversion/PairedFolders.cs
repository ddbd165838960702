using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Finds cases in the folder-pair layout: image files in one folder, label files of the same name (ending aside)
/// in another; the case id is the name without its ending. Hidden files and files of other endings are ignored.
/// </summary>
public static class PairedFolders
{
    public const string Images = "images", Labels = "labels", TestImages = "imagesTs", TestLabels = "labelsTs";

    /// <summary>
    /// The standard layout under <paramref name="sourceDirectory"/>: images/ + labels/ (training, every image needs its
    /// label) and optional imagesTs/ with optional labelsTs/ (test). A label without an image is an error too.
    /// </summary>
    public static List<SourceCase> Find(string sourceDirectory, IReadOnlyList<string> endings)
    {
        string images = Path.Combine(sourceDirectory, Images), labels = Path.Combine(sourceDirectory, Labels);
        foreach (string folder in new[] { images, labels })
            if (!Directory.Exists(folder))
                throw new InvalidInputException(
                    $"{folder}: folder not found; the source needs {Images}/ and {Labels}/ with matching {string.Join("/", endings)} files (optional {TestImages}/, {TestLabels}/)");
        List<SourceCase> cases = Pair(images, labels, endings, CaseSet.Training, skipUnlabelled: false);
        string testImages = Path.Combine(sourceDirectory, TestImages), testLabels = Path.Combine(sourceDirectory, TestLabels);
        if (Directory.Exists(testImages))
            cases.AddRange(Pair(testImages, Directory.Exists(testLabels) ? testLabels : null, endings, CaseSet.Test, skipUnlabelled: false));
        else if (Directory.Exists(testLabels))
            throw new InvalidInputException($"{testLabels}: test labels without {TestImages}/ next to them");
        return cases;
    }

    /// <summary>
    /// Pairs <paramref name="imagesFolder"/> with <paramref name="labelsFolder"/> (null: no labels). An image without a
    /// label is an error, or skipped when <paramref name="skipUnlabelled"/> (layouts where the labels choose the cases).
    /// </summary>
    public static List<SourceCase> Pair(string imagesFolder, string? labelsFolder, IReadOnlyList<string> endings, CaseSet set, bool skipUnlabelled)
    {
        Dictionary<string, string> images = FilesById(imagesFolder, endings);
        Dictionary<string, string>? labels = labelsFolder is null ? null : FilesById(labelsFolder, endings);
        if (labels is not null)
            foreach (var (id, label) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                if (!images.ContainsKey(id))
                    throw new InvalidInputException($"{label}: no image of that name in {imagesFolder}");
        var cases = new List<SourceCase>();
        foreach (var (id, image) in images.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            string? label = null;
            if (labels is not null && !labels.TryGetValue(id, out label))
            {
                if (skipUnlabelled) continue;
                throw new InvalidInputException($"{image}: missing label: no {id}{Path.GetExtension(image)} (or other {string.Join("/", endings)}) in {labelsFolder}");
            }
            cases.Add(new SourceCase(id, image, label, set));
        }
        return cases;
    }

    /// <summary>Files of the folder with one of the endings, by name without ending; two files of one name are an error.</summary>
    public static Dictionary<string, string> FilesById(string folder, IReadOnlyList<string> endings)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            string? ending = endings.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
            if (ending is null || name.StartsWith('.')) continue;
            string id = name[..^ending.Length];
            if (!files.TryAdd(id, file)) throw new InvalidInputException($"{file}: {files[id]} has the same name; which one is case '{id}'?");
        }
        return files;
    }
}
