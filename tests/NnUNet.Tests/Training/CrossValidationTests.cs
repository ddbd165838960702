using System.Text.Json;
using NnUNet.Abstractions;
using NnUNet.Core.Numerics;
using NnUNet.Core.Training;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Training;

/// <summary>Every split of splits-vectors.json, plus the splits file life cycle.</summary>
public class CrossValidationTests
{
    static readonly JsonElement[] Sets = LoadSets();

    static JsonElement[] LoadSets()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.ReferenceFile("splits-vectors.json")));
        return doc.RootElement.GetProperty("splits").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static TheoryData<int> SetIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Sets.Length; i++) data.Add(i);
        return data;
    }

    static string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToArray();
    static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
    static string[] Keys(int set) => Strings(Sets[set].GetProperty("keys_as_given"));

    [Fact]
    public void ReferenceHasTenDatasets() => Assert.Equal(10, Sets.Length);

    [Theory, MemberData(nameof(SetIndices))]
    public void SortsCaseIdsLikeNumpy(int set) =>
        Assert.Equal(Strings(Sets[set].GetProperty("keys_sorted")), CrossValidation.SortCaseIds(Keys(set)));

    [Theory, MemberData(nameof(SetIndices))]
    public void ShuffleIsTheSeededPermutation(int set) =>
        Assert.Equal(Ints(Sets[set].GetProperty("kfold_permutation")),
            new NumpyRandomState(CrossValidation.Seed).Permutation(Keys(set).Length));

    [Theory, MemberData(nameof(SetIndices))]
    public void KFoldMatchesEveryFold(int set)
    {
        IReadOnlyList<FoldSplit> folds = CrossValidation.KFold(Keys(set));
        JsonElement[] expected = Sets[set].GetProperty("folds").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, folds.Count);
        string[] sorted = Strings(Sets[set].GetProperty("keys_sorted"));
        for (int f = 0; f < expected.Length; f++)
        {
            Assert.Equal(f, expected[f].GetProperty("fold").GetInt32());
            Assert.Equal(Strings(expected[f].GetProperty("train")), folds[f].Train);
            Assert.Equal(Strings(expected[f].GetProperty("val")), folds[f].Val);
            Assert.Equal(Ints(expected[f].GetProperty("val_indices")).Select(i => sorted[i]), folds[f].Val);
        }
    }

    [Theory, MemberData(nameof(SetIndices))]
    public void SplitForFoldWritesTheFileOnceAndMatchesEveryFold(int set)
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(SplitsFile.FileName);
        JsonElement[] expected = Sets[set].GetProperty("folds").EnumerateArray().ToArray();
        FoldSplit first = CrossValidation.SplitForFold("0", Keys(set), path);
        Assert.True(File.Exists(path));
        DateTime written = File.GetLastWriteTimeUtc(path);
        byte[] content = File.ReadAllBytes(path);
        Assert.Equal(Strings(expected[0].GetProperty("train")), first.Train);
        for (int f = 0; f < expected.Length; f++)
        {
            FoldSplit split = CrossValidation.SplitForFold(f.ToString(), Keys(set).Reverse(), path);
            Assert.Equal(Strings(expected[f].GetProperty("train")), split.Train);
            Assert.Equal(Strings(expected[f].GetProperty("val")), split.Val);
        }
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Theory, MemberData(nameof(SetIndices))]
    public void FoldBeyondTheFileIsTheSeededEightyTwentySplit(int set)
    {
        if (!Sets[set].TryGetProperty("random_80_20", out JsonElement cases)) return;
        using var dir = new TempDirectory();
        string path = dir.Combine(SplitsFile.FileName);
        int n = Keys(set).Length;
        foreach (JsonElement c in cases.EnumerateArray())
        {
            int fold = c.GetProperty("fold").GetInt32();
            Assert.Equal(CrossValidation.Seed + fold, c.GetProperty("seed").GetInt32());
            Assert.Equal(Ints(c.GetProperty("choice_indices")), new NumpyRandomState(CrossValidation.Seed + fold).Choice(n, (int)(n * 0.8)));
            FoldSplit direct = CrossValidation.RandomSplit(Keys(set), fold);
            FoldSplit viaFile = CrossValidation.SplitForFold(fold.ToString(), Keys(set), path);
            foreach (FoldSplit split in new[] { direct, viaFile })
            {
                Assert.Equal(Strings(c.GetProperty("train")), split.Train);
                Assert.Equal(Strings(c.GetProperty("val")), split.Val);
            }
        }
    }

    [Fact]
    public void EveryReferenceSetWithRandomSplitsIsCovered() =>
        Assert.True(Sets.Count(s => s.TryGetProperty("random_80_20", out _)) >= 5);

    [Fact]
    public void UserEditedFileIsRespectedAndFoldsBeyondItAreRandom()
    {
        int set = Array.FindIndex(Sets, s => s.TryGetProperty("random_80_20", out JsonElement r) && r[0].GetProperty("fold").GetInt32() == 5);
        string[] keys = Keys(set);
        string[] sorted = CrossValidation.SortCaseIds(keys);
        using var dir = new TempDirectory();
        string path = dir.Combine(SplitsFile.FileName);
        // Two hand-made folds in unsorted order; the second trains on everything but one case.
        var custom = new List<FoldSplit>
        {
            new(sorted.Skip(2).Reverse().ToArray(), sorted.Take(2).Reverse().ToArray()),
            new(sorted.Skip(1).ToArray(), sorted.Take(1).ToArray()),
        };
        SplitsFile.Write(path, custom);
        FoldSplit f0 = CrossValidation.SplitForFold("0", keys, path);
        Assert.Equal(sorted.Skip(2), f0.Train);
        Assert.Equal(sorted.Take(2), f0.Val);
        Assert.Equal(sorted.Skip(1), CrossValidation.SplitForFold("1", keys, path).Train);
        JsonElement expected = Sets[set].GetProperty("random_80_20")[0];
        Assert.Equal(Strings(expected.GetProperty("train")), CrossValidation.SplitForFold("5", keys, path).Train);
        Assert.Equal(CrossValidation.RandomSplit(keys, 2), CrossValidation.SplitForFold("2", keys, path), new SplitComparer());
        Assert.Equal(2, SplitsFile.Read(path, new HashSet<string>(keys)).Count);
    }

    [Fact]
    public void FoldAllTrainsAndValidatesOnEveryCaseWithoutTouchingTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(SplitsFile.FileName);
        string[] keys = Keys(1);
        FoldSplit all = CrossValidation.SplitForFold("all", keys, path);
        string[] sorted = Strings(Sets[1].GetProperty("keys_sorted"));
        Assert.Equal(sorted, all.Train);
        Assert.Equal(sorted, all.Val);
        Assert.False(File.Exists(path));
        // Fewer cases than folds are fine for "all".
        Assert.Equal(["a", "b"], CrossValidation.SplitForFold("all", ["b", "a"], path).Val);
    }

    [Fact]
    public void WrittenFileIsAListOfTrainValObjects()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("sub", SplitsFile.FileName);
        CrossValidation.SplitForFold("3", Keys(3), path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(5, doc.RootElement.GetArrayLength());
        foreach (JsonElement fold in doc.RootElement.EnumerateArray())
            Assert.Equal(["train", "val"], fold.EnumerateObject().Select(p => p.Name));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("{\"train\": [], \"val\": []}", "must hold a list")]
    [InlineData("[]", "holds no folds")]
    [InlineData("[[\"a\"]]", "fold 0 is not")]
    [InlineData("[{\"train\": [\"c1\"]}]", "fold 0 has no \"val\" list")]
    [InlineData("[{\"train\": [\"c1\"], \"val\": [2]}]", "where a case id is expected")]
    [InlineData("[{\"train\": [\"c1\"], \"val\": [\"c2\"]}, {\"train\": [\"c1\", \"nope\"], \"val\": []}]", "fold 1 \"train\" names unknown case 'nope'")]
    [InlineData("[{\"train\": [\"c1\", \"c1\"], \"val\": [\"c2\"]}]", "names case 'c1' twice")]
    [InlineData("[{\"train\": [], \"val\": [\"c2\"]}]", "fold 0 has no training cases")]
    public void MalformedFileIsAnErrorNamingTheFile(string content, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(SplitsFile.FileName);
        File.WriteAllText(path, content);
        var e = Assert.Throws<InvalidInputException>(() => CrossValidation.SplitForFold("0", ["c1", "c2", "c3"], path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    public void TooFewCasesForFiveFoldsIsAnErrorUnlessAFileExists()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine(SplitsFile.FileName);
        var e = Assert.Throws<InvalidInputException>(() => CrossValidation.SplitForFold("0", ["a", "b", "c", "d"], path));
        Assert.Contains("at least 5", e.Message);
        Assert.False(File.Exists(path));
        SplitsFile.Write(path, [new FoldSplit(["a", "b", "c"], ["d"])]);
        Assert.Equal(["d"], CrossValidation.SplitForFold("0", ["d", "c", "b", "a"], path).Val);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("All")]
    [InlineData(" 1")]
    public void UnknownFoldNameIsAnError(string fold)
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => CrossValidation.SplitForFold(fold, Keys(0), dir.Combine(SplitsFile.FileName)));
        Assert.Contains($"'{fold}'", e.Message);
    }

    [Fact]
    public void CaseIdOrderIsCodePointOrder()
    {
        // U+FFFD sorts before U+1F600 by code point, but after its surrogate pair by UTF-16 code unit.
        string bmp = "case_\uFFFD", astral = "case_\U0001F600";
        Assert.True(CaseIdOrder.Instance.Compare(bmp, astral) < 0);
        Assert.True(string.CompareOrdinal(bmp, astral) > 0);
        Assert.Equal(["B", "_", "a", "case_1", "case_10", "case_9"], CrossValidation.SortCaseIds(["case_9", "a", "_", "case_10", "B", "case_1"]));
        Assert.Throws<ArgumentException>(() => CrossValidation.SortCaseIds(["a", "a"]));
    }

    sealed class SplitComparer : IEqualityComparer<FoldSplit>
    {
        public bool Equals(FoldSplit? x, FoldSplit? y) => x!.Train.SequenceEqual(y!.Train) && x.Val.SequenceEqual(y.Val);
        public int GetHashCode(FoldSplit obj) => obj.Train.Count;
    }
}
