using System.Globalization;
using NnUNet.Abstractions;
using NnUNet.Core.Numerics;

namespace NnUNet.Core.Training;

/// <summary>
/// Which cases a fold trains and validates on, exactly as nnU-Net v1's <c>do_split</c> decides (spec §7
/// "Splits"): 5-fold cross-validation over the sorted case ids, persisted once in
/// <see cref="SplitsFile"/> and reused; a fold beyond the file's folds gets a seeded random 80:20 split;
/// fold "all" trains on every case.
/// </summary>
public static class CrossValidation
{
    /// <summary>The fold name that trains on every case.</summary>
    public const string AllFold = "all";

    /// <summary>Folds of the generated cross-validation. spec §7</summary>
    public const int NumberOfFolds = 5;

    /// <summary>Seed of the cross-validation shuffle; the 80:20 split of fold f uses Seed + f. spec §7</summary>
    public const int Seed = 12345;

    /// <summary>Share of cases the random split of a fold beyond the splits file trains on. spec §7</summary>
    public const double RandomSplitTrainFraction = 0.8;

    /// <summary>
    /// The split of <paramref name="fold"/> ("0", "1", ... or "all") over the dataset's cases. For a numbered
    /// fold, <paramref name="splitsFilePath"/> is read if it exists (a user-edited file is respected), else
    /// the 5-fold cross-validation is written there first. A fold number the file does not have gets the
    /// random 80:20 split (v1 behaviour). Fold "all" never touches the file and, as in v1 and v2, validates
    /// on all cases too: its validation scores measure the fit to the training data, not generalisation.
    /// </summary>
    public static FoldSplit SplitForFold(string fold, IEnumerable<string> caseIds, string splitsFilePath)
    {
        string[] sorted = SortCaseIds(caseIds);
        if (fold == AllFold) return new FoldSplit(sorted, sorted);
        if (!int.TryParse(fold, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new InvalidInputException($"Fold '{fold}' is neither a fold number (0, 1, ...) nor '{AllFold}'.");

        IReadOnlyList<FoldSplit> folds;
        if (File.Exists(splitsFilePath))
        {
            folds = SplitsFile.Read(splitsFilePath, new HashSet<string>(sorted, StringComparer.Ordinal));
        }
        else
        {
            if (sorted.Length < NumberOfFolds)
                throw new InvalidInputException(
                    $"The dataset has {sorted.Length} case(s); {NumberOfFolds}-fold cross-validation needs at least {NumberOfFolds}. " +
                    $"Train fold '{AllFold}' or write your own {splitsFilePath}.");
            folds = KFold(sorted);
            SplitsFile.Write(splitsFilePath, folds);
        }
        if (index < folds.Count)
            return new FoldSplit(SortCaseIds(folds[index].Train), SortCaseIds(folds[index].Val));
        return RandomSplit(sorted, index);
    }

    /// <summary>
    /// The generated cross-validation: sklearn <c>KFold(5, shuffle=True, random_state=12345)</c> over the
    /// ids sorted by <see cref="CaseIdOrder"/>. The shuffle is <c>RandomState(12345).permutation(n)</c>;
    /// fold i validates on the next n/5 entries of it (one more for the first n%5 folds).
    /// </summary>
    public static IReadOnlyList<FoldSplit> KFold(IEnumerable<string> caseIds)
    {
        string[] sorted = SortCaseIds(caseIds);
        int n = sorted.Length;
        if (n < NumberOfFolds)
            throw new ArgumentException($"{NumberOfFolds}-fold cross-validation needs at least {NumberOfFolds} cases, got {n}.", nameof(caseIds));
        int[] permutation = new NumpyRandomState(Seed).Permutation(n);
        var folds = new FoldSplit[NumberOfFolds];
        int start = 0;
        for (int f = 0; f < NumberOfFolds; f++)
        {
            int size = n / NumberOfFolds + (f < n % NumberOfFolds ? 1 : 0);
            var isVal = new bool[n];
            foreach (int i in permutation.AsSpan(start, size)) isVal[i] = true;
            folds[f] = Partition(sorted, isVal);
            start += size;
        }
        return folds;
    }

    /// <summary>
    /// v1's split for a fold beyond the splits file: over the sorted ids,
    /// <c>RandomState(12345 + fold).choice(n, int(n * 0.8), replace=False)</c> trains, the rest validates.
    /// </summary>
    public static FoldSplit RandomSplit(IEnumerable<string> caseIds, int fold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fold);
        string[] sorted = SortCaseIds(caseIds);
        int n = sorted.Length;
        int trainCount = (int)(n * RandomSplitTrainFraction);
        var isVal = Enumerable.Repeat(true, n).ToArray();
        foreach (int i in new NumpyRandomState((long)Seed + fold).Choice(n, trainCount)) isVal[i] = false;
        return Partition(sorted, isVal);
    }

    /// <summary>The ids in numpy's sort order (<see cref="CaseIdOrder"/>); an id given twice is an error.</summary>
    public static string[] SortCaseIds(IEnumerable<string> caseIds)
    {
        string[] sorted = caseIds.ToArray();
        Array.Sort(sorted, CaseIdOrder.Instance);
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] == sorted[i - 1]) throw new ArgumentException($"Case id '{sorted[i]}' is given twice.", nameof(caseIds));
        }
        return sorted;
    }

    static FoldSplit Partition(string[] sorted, bool[] isVal)
    {
        var train = new List<string>();
        var val = new List<string>();
        for (int i = 0; i < sorted.Length; i++) (isVal[i] ? val : train).Add(sorted[i]);
        return new FoldSplit(train, val);
    }
}
