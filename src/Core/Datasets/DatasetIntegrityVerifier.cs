using System.Numerics;
using NnUNet.Abstractions;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Datasets;

/// <summary>
/// verify_dataset_integrity (spec §1): checks a raw Task (v1) or Dataset (v2) folder and collects every
/// problem instead of stopping at the first. Errors: dataset.json / imagesTr / labelsTr missing, duplicate
/// training ids, missing channel or label files, files not listed in dataset.json, NaN, unreadable files,
/// channel vs label geometry (size, spacing, origin, direction), labels not 0..n consecutive, label values
/// not declared or not integers, test cases (files, channel geometry, stray files). Warnings: differing
/// orientations across the dataset, NaN in test images, v1 numTraining/numTest not matching the lists;
/// in v2, origin and direction mismatches only warn (as nnU-Net v2 does).
/// Spacing, origin and direction are compared with numpy's isclose defaults,
/// |a - b| &lt;= 1e-8 + 1e-5 * |b| per element; sizes must be equal.
/// </summary>
public static class DatasetIntegrityVerifier
{
    /// <summary>Geometry tolerance (numpy isclose defaults, as nnU-Net v1 uses).</summary>
    public const double RelativeTolerance = GeometryCheck.RelativeTolerance;
    public const double AbsoluteTolerance = GeometryCheck.AbsoluteTolerance;

    // How many offending label values a message lists before "...".
    const int MaxListedValues = 10;

    /// <summary>
    /// Verifies the dataset folder (the one holding dataset.json). Cases are checked on up to
    /// <paramref name="maxParallelism"/> threads, each holding one label and one channel image at a time.
    /// </summary>
    public static DatasetIntegrityReport Verify(
        string datasetFolder,
        IProgress<ProgressUpdate>? progress = null,
        int maxParallelism = 2,
        CancellationToken cancellationToken = default)
    {
        string folder = Path.GetFullPath(datasetFolder);
        var problems = new List<DatasetProblem>();
        DatasetIntegrityReport Done(int training = 0, int test = 0) => new(folder, training, test, problems);

        if (!Directory.Exists(folder))
        {
            problems.Add(DatasetProblem.Error(null, folder, "dataset folder not found."));
            return Done();
        }
        string jsonPath = Path.Combine(folder, DatasetDescription.FileName);
        DatasetDescription dataset;
        try
        {
            dataset = DatasetDescription.Read(folder);
        }
        catch (InvalidInputException e)
        {
            problems.Add(DatasetProblem.Error(null, jsonPath, WithoutPathPrefix(e.Message, jsonPath)));
            return Done();
        }

        CheckDescription(dataset, problems);
        // Without imagesTr or labelsTr every training file would be reported missing: say it once, check the rest.
        bool foldersPresent = CheckFolders(dataset, problems);
        IReadOnlyList<DatasetCase> training = foldersPresent ? dataset.Training : [];
        CheckDuplicateIds(dataset, problems);
        CheckFilesExist(training, dataset.Test, problems);
        bool readable = dataset.FileEnding is ".nii.gz" or ".nii";
        if (!readable)
            problems.Add(DatasetProblem.Error(null, jsonPath,
                $"file_ending '{dataset.FileEnding}': image checks need NIfTI files (.nii.gz, .nii); images were not checked."));
        else
            CheckImages(dataset, training, problems, progress, maxParallelism, cancellationToken);
        CheckStrayFiles(dataset, foldersPresent, problems);
        return Done(dataset.Training.Count, dataset.Test.Count);
    }

    static string WithoutPathPrefix(string message, string path) =>
        message.StartsWith(path + ": ", StringComparison.Ordinal) ? message[(path.Length + 2)..] : message;

    /// <summary>Checks of dataset.json itself: label numbering, ignore label, regions, declared counts.</summary>
    static void CheckDescription(DatasetDescription d, List<DatasetProblem> problems)
    {
        string json = d.JsonPath;
        var values = d.ExpectedLabelValues.ToList(); // sorted
        bool consecutive = values.Count > 0 && values[0] == 0 && values[^1] == values.Count - 1;
        if (!consecutive)
            problems.Add(DatasetProblem.Error(null, json,
                $"labels must be numbered 0 (background), 1, 2, ... without gaps; found {(values.Count == 0 ? "none" : string.Join(", ", values))}."));

        if (d.IgnoreLabel is int ignore)
        {
            int maxOther = d.ExpectedLabelValues.Where(v => v != ignore).DefaultIfEmpty(0).Max();
            if (ignore != maxOther + 1)
                problems.Add(DatasetProblem.Error(null, json, $"the ignore label must be the largest label + 1 ({maxOther + 1}), found {ignore}."));
        }
        if (d.Regions.Count > 0 && d.RegionsClassOrder?.Count != d.Regions.Count)
            problems.Add(DatasetProblem.Error(null, json,
                $"region-based labels need regions_class_order with one entry per region ({d.Regions.Count})."));

        if (d.Format == DatasetJsonFormat.V2)
        {
            if (d.DeclaredTrainingCount != d.Training.Count)
                problems.Add(DatasetProblem.Error(null, json,
                    $"numTraining is {d.DeclaredTrainingCount} but {d.Training.Count} training cases were found."));
        }
        else
        {
            if (d.DeclaredTrainingCount is int nTrain && nTrain != d.Training.Count)
                problems.Add(DatasetProblem.Warning(null, json, $"numTraining is {nTrain} but 'training' lists {d.Training.Count} cases."));
            if (d.DeclaredTestCount is int nTest && nTest != d.Test.Count)
                problems.Add(DatasetProblem.Warning(null, json, $"numTest is {nTest} but 'test' lists {d.Test.Count} cases."));
        }
        if (d.Training.Count == 0)
            problems.Add(DatasetProblem.Error(null, json, "the dataset has no training cases."));
    }

    /// <summary>imagesTr and labelsTr must exist (unless a v2 "dataset" key lists the files); false stops the case checks.</summary>
    static bool CheckFolders(DatasetDescription d, List<DatasetProblem> problems)
    {
        if (d.Format == DatasetJsonFormat.V2 && !d.CasesDiscoveredFromFolder) return true;
        bool ok = true;
        foreach (string name in new[] { "imagesTr", "labelsTr" })
        {
            string path = Path.Combine(d.Folder, name);
            if (Directory.Exists(path)) continue;
            problems.Add(DatasetProblem.Error(null, path, "folder not found; the training cases cannot be checked."));
            ok = false;
        }
        return ok;
    }

    static void CheckDuplicateIds(DatasetDescription d, List<DatasetProblem> problems)
    {
        foreach (var group in d.Training.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add(DatasetProblem.Error(group.Key, d.JsonPath, $"training case id {group.Key} is listed {group.Count()} times."));
    }

    static void CheckFilesExist(IReadOnlyList<DatasetCase> training, IReadOnlyList<DatasetCase> test, List<DatasetProblem> problems)
    {
        foreach (DatasetCase c in training.Concat(test))
        {
            foreach (string image in c.Images.Where(i => !File.Exists(i)))
                problems.Add(DatasetProblem.Error(c.Id, image, "image file not found."));
            if (c.Label != null && !File.Exists(c.Label))
                problems.Add(DatasetProblem.Error(c.Id, c.Label, "label file not found."));
        }
    }

    /// <summary>Files in imagesTr, labelsTr and imagesTs (with the dataset's ending) that no case uses.</summary>
    static void CheckStrayFiles(DatasetDescription d, bool checkTrainingFolders, List<DatasetProblem> problems)
    {
        if (d.Format == DatasetJsonFormat.V2 && !d.CasesDiscoveredFromFolder) return; // the files may live anywhere
        string why = d.CasesDiscoveredFromFolder ? "is not named CASE_XXXX" + d.FileEnding : "is not listed in dataset.json";
        var trainingImages = d.Training.SelectMany(c => c.Images).ToHashSet(StringComparer.Ordinal);
        var labels = d.Training.Where(c => c.Label != null).Select(c => c.Label!).ToHashSet(StringComparer.Ordinal);
        var testImages = d.Test.SelectMany(c => c.Images).ToHashSet(StringComparer.Ordinal);
        if (checkTrainingFolders)
        {
            ReportStray(d, "imagesTr", trainingImages, $"{why} (stray file in imagesTr).", problems);
            ReportStray(d, "labelsTr", labels, "belongs to no training case in dataset.json (stray file in labelsTr).", problems);
        }
        ReportStray(d, "imagesTs", testImages, $"{why} (stray file in imagesTs).", problems);
    }

    static void ReportStray(DatasetDescription d, string subfolder, HashSet<string> used, string message, List<DatasetProblem> problems)
    {
        string path = Path.Combine(d.Folder, subfolder);
        if (!Directory.Exists(path)) return;
        foreach (string file in Directory.EnumerateFiles(path).Select(Path.GetFullPath).Order(StringComparer.Ordinal))
            if (file.EndsWith(d.FileEnding, StringComparison.Ordinal) && !used.Contains(file))
                problems.Add(DatasetProblem.Error(null, file, message));
    }

    /// <summary>Reads every case (in parallel) and checks values and geometry; then orientations across the dataset.</summary>
    static void CheckImages(DatasetDescription d, IReadOnlyList<DatasetCase> training, List<DatasetProblem> problems,
        IProgress<ProgressUpdate>? progress, int maxParallelism, CancellationToken cancellationToken)
    {
        var cases = training.Select(c => (Case: c, Training: true)).Concat(d.Test.Select(c => (Case: c, Training: false))).ToList();
        var results = new CaseResult[cases.Count];
        int done = 0;
        Parallel.For(0, cases.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism), CancellationToken = cancellationToken },
            i =>
            {
                results[i] = cases[i].Training ? CheckTrainingCase(d, cases[i].Case) : CheckTestCase(d, cases[i].Case);
                progress?.Report(new ProgressUpdate("verify", Interlocked.Increment(ref done), cases.Count, cases[i].Case.Id));
            });

        foreach (CaseResult result in results) problems.AddRange(result.Problems);

        // nnU-Net v1 looks at the orientation of every training image and only warns when they differ.
        var byCode = results.Take(training.Count).SelectMany(r => r.Orientations)
            .GroupBy(o => o.Code).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (byCode.Count > 1)
            problems.Add(DatasetProblem.Warning(null, null,
                "not all training images have the same orientation: " +
                string.Join(", ", byCode.Select(g => $"{g.Key} x{g.Count()} (e.g. {Path.GetFileName(g.First().File)})")) +
                "; reorienting them to one orientation is strongly recommended."));
    }

    sealed record CaseResult(List<DatasetProblem> Problems, List<(string File, string Code)> Orientations);

    /// <summary>Shape and geometry of a file read earlier (its voxels are not kept).</summary>
    sealed record Grid(string File, int[] Shape, ImageGeometry Geometry);

    static CaseResult CheckTrainingCase(DatasetDescription d, DatasetCase c)
    {
        var problems = new List<DatasetProblem>();
        var orientations = new List<(string, string)>();
        Grid? reference = null;

        if (c.Label != null && File.Exists(c.Label) && TryRead(c, c.Label, problems) is Image label)
        {
            reference = new Grid(c.Label, label.Shape, label.Geometry);
            if (label.Channels != 1)
                problems.Add(DatasetProblem.Error(c.Id, c.Label, $"a label file holds one channel, this one holds {label.Channels}."));
            CheckLabelValues(d, c, label, problems);
        }

        int channels = 0;
        bool allRead = true;
        foreach (string file in c.Images)
        {
            if (!File.Exists(file)) { allRead = false; continue; } // reported already
            if (TryRead(c, file, problems) is not Image image) { allRead = false; continue; }
            channels += image.Channels;
            orientations.Add((file, GeometryCheck.AxisCodes(image.Geometry)));
            long nan = CountNaN(image.Data);
            if (nan > 0) problems.Add(DatasetProblem.Error(c.Id, file, $"contains {nan} NaN value(s)."));
            if (reference == null) reference = new Grid(file, image.Shape, image.Geometry);
            else CompareGrids(d, c, new Grid(file, image.Shape, image.Geometry), reference, problems);
        }
        if (allRead) CheckChannelCount(d, c, channels, problems);
        return new CaseResult(problems, orientations);
    }

    static void CheckChannelCount(DatasetDescription d, DatasetCase c, int channels, List<DatasetProblem> problems)
    {
        if (channels != d.Channels.Count)
            problems.Add(DatasetProblem.Error(c.Id, c.Images.FirstOrDefault(),
                $"the image files hold {channels} channel(s) but dataset.json declares {d.Channels.Count}."));
    }

    static CaseResult CheckTestCase(DatasetDescription d, DatasetCase c)
    {
        var problems = new List<DatasetProblem>();
        Grid? reference = null;
        int channels = 0;
        bool allRead = true;
        foreach (string file in c.Images)
        {
            if (!File.Exists(file) || TryRead(c, file, problems) is not Image image) { allRead = false; continue; }
            channels += image.Channels;
            long nan = CountNaN(image.Data);
            // v1 does not look at test voxels; NaN would only break prediction, so it warns.
            if (nan > 0) problems.Add(DatasetProblem.Warning(c.Id, file, $"test image contains {nan} NaN value(s)."));
            var grid = new Grid(file, image.Shape, image.Geometry);
            if (reference == null) reference = grid;
            else CompareGrids(d, c, grid, reference, problems, originAndDirectionAreErrors: true);
        }
        if (allRead) CheckChannelCount(d, c, channels, problems);
        return new CaseResult(problems, []);
    }

    /// <summary>
    /// Size and spacing must agree; origin and direction too in v1 (its "GEOMETRY MISMATCH FOUND!" stops the run),
    /// while v2 only warns about them.
    /// </summary>
    static void CompareGrids(DatasetDescription d, DatasetCase c, Grid image, Grid reference, List<DatasetProblem> problems,
        bool originAndDirectionAreErrors = false)
    {
        string against = Path.GetFileName(reference.File);
        if (!image.Shape.SequenceEqual(reference.Shape))
            problems.Add(DatasetProblem.Error(c.Id, image.File,
                $"size (z, y, x) {GeometryCheck.Format(image.Shape)} differs from {against} {GeometryCheck.Format(reference.Shape)}."));
        if (!GeometryCheck.IsClose(image.Geometry.Spacing, reference.Geometry.Spacing))
            problems.Add(DatasetProblem.Error(c.Id, image.File,
                $"spacing (z, y, x) {GeometryCheck.Format(image.Geometry.Spacing)} differs from {against} {GeometryCheck.Format(reference.Geometry.Spacing)}."));

        bool strict = originAndDirectionAreErrors || d.Format == DatasetJsonFormat.V1;
        ProblemSeverity severity = strict ? ProblemSeverity.Error : ProblemSeverity.Warning;
        if (!GeometryCheck.IsClose(image.Geometry.Origin, reference.Geometry.Origin))
            problems.Add(new DatasetProblem(severity, c.Id, image.File,
                $"origin {GeometryCheck.Format(image.Geometry.Origin)} differs from {against} {GeometryCheck.Format(reference.Geometry.Origin)}."));
        if (!GeometryCheck.IsClose(image.Geometry.Direction, reference.Geometry.Direction))
            problems.Add(new DatasetProblem(severity, c.Id, image.File,
                $"direction {GeometryCheck.Format(image.Geometry.Direction)} differs from {against} {GeometryCheck.Format(reference.Geometry.Direction)}."));
    }

    /// <summary>Label voxels must be integers among the declared labels; NaN is an error of its own.</summary>
    static void CheckLabelValues(DatasetDescription d, DatasetCase c, Image label, List<DatasetProblem> problems)
    {
        var distinct = new HashSet<float>();
        long nan = 0;
        float previous = float.NaN;
        foreach (float v in label.Data)
        {
            if (float.IsNaN(v)) { nan++; continue; }
            if (v == previous) continue; // runs of one value are the common case
            distinct.Add(v);
            previous = v;
        }
        if (nan > 0) problems.Add(DatasetProblem.Error(c.Id, c.Label, $"contains {nan} NaN value(s)."));

        var nonInteger = distinct.Where(v => v != MathF.Round(v) || v < int.MinValue || v > int.MaxValue).Order().ToList();
        if (nonInteger.Count > 0)
            problems.Add(DatasetProblem.Error(c.Id, c.Label, $"label values must be integers; found {List(nonInteger)}."));

        IReadOnlySet<int> expected = d.ExpectedLabelValues;
        var unexpected = distinct.Except(nonInteger).Select(v => (int)v).Where(v => !expected.Contains(v)).Order().ToList();
        if (unexpected.Count > 0)
            problems.Add(DatasetProblem.Error(c.Id, c.Label,
                $"label values {List(unexpected)} are not declared in dataset.json (declared: {string.Join(", ", expected)})."));
    }

    static string List<T>(List<T> values) =>
        string.Join(", ", values.Take(MaxListedValues).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))
        + (values.Count > MaxListedValues ? $", ... ({values.Count} in all)" : "");

    /// <summary>Reads a file; a bad file becomes an error naming it and the checks go on.</summary>
    static Image? TryRead(DatasetCase c, string file, List<DatasetProblem> problems)
    {
        try
        {
            return NiftiReader.Read(file);
        }
        catch (Exception e) when (e is InvalidInputException or IOException or UnauthorizedAccessException)
        {
            problems.Add(DatasetProblem.Error(c.Id, file, $"cannot be read: {WithoutPathPrefix(e.Message, file)}"));
            return null;
        }
    }

    static long CountNaN(float[] data)
    {
        long count = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var span = data.AsSpan();
            for (; i <= span.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(span[i..]);
                if (!Vector.EqualsAll(v, v))
                    for (int k = 0; k < Vector<float>.Count; k++) if (float.IsNaN(span[i + k])) count++;
            }
        }
        for (; i < data.Length; i++) if (float.IsNaN(data[i])) count++;
        return count;
    }
}
