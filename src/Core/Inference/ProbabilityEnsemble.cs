using NnUNet.Abstractions;

namespace NnUNet.Core.Inference;

/// <summary>
/// Ensembling of prediction folders (spec §8 "Ensembles", v1 <c>nnUNet_ensemble</c>): per case, the mean of the
/// probabilities each folder saved (<see cref="ProbabilitiesFile"/>), then the argmax. As numpy averages v1's
/// float16 arrays, the sum is formed in float32 folder by folder, divided by the folder count and rounded to
/// float16 before the argmax.
/// </summary>
public static class ProbabilityEnsemble
{
    /// <summary>
    /// The cases every folder holds (ordinal order). A case saved in one folder but missing in another is an
    /// <see cref="InvalidInputException"/> naming both.
    /// </summary>
    public static IReadOnlyList<string> CommonCases(IReadOnlyList<string> folders)
    {
        if (folders is not { Count: > 0 }) throw new ArgumentException("Give at least one folder.", nameof(folders));
        var perFolder = new List<HashSet<string>>();
        foreach (string folder in folders)
        {
            if (!Directory.Exists(folder)) throw new InvalidInputException($"{folder}: folder not found.");
            perFolder.Add(ProbabilitiesFile.ListCases(folder).ToHashSet(StringComparer.Ordinal));
        }
        var all = perFolder.SelectMany(c => c).ToHashSet(StringComparer.Ordinal);
        if (all.Count == 0)
            throw new InvalidInputException($"{folders[0]}: no saved probabilities (*{ProbabilitiesFile.Extension}); predict with --save_npz to ensemble.");
        for (int f = 0; f < folders.Count; f++)
        {
            string? missing = all.Where(c => !perFolder[f].Contains(c)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (missing is not null)
            {
                string where = folders[perFolder.FindIndex(c => c.Contains(missing))];
                throw new InvalidInputException($"{Path.Combine(folders[f], missing + ProbabilitiesFile.Extension)}: missing, " +
                                                $"but {where} has case {missing}; every folder must hold the same cases.");
            }
        }
        return all.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The ensemble of one case: mean probabilities of the folders, argmax, the first folder's geometry.</summary>
    public static ExportedCase Combine(IReadOnlyList<string> folders, string caseId, bool keepProbabilities)
    {
        var paths = folders.Select(f => Path.Combine(f, caseId + ProbabilitiesFile.Extension)).ToArray();
        var properties = ProbabilitiesFile.ReadProperties(paths[0]);
        var (classes, shape) = ProbabilitiesFile.ReadShape(paths[0]);
        if (properties.OriginalShape is null || !shape.SequenceEqual(properties.OriginalShape))
            throw new InvalidInputException($"{paths[0]}: the probabilities have shape {string.Join(" x ", shape)} but " +
                                            $"{ProbabilitiesFile.PropertiesPath(paths[0])} describes a raw image of " +
                                            $"{string.Join(" x ", properties.OriginalShape ?? [])}.");
        var mean = new float[checked(classes * shape[0] * shape[1] * shape[2])];
        foreach (string path in paths) ProbabilitiesFile.AddTo(path, mean, classes, shape);
        float count = paths.Length;
        for (int i = 0; i < mean.Length; i++) mean[i] = (float)(Half)(mean[i] / count);
        return SegmentationExporter.FromRawProbabilities(mean, classes, properties, keepProbabilities);
    }
}
