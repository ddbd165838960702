using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Core.Planning;
using NnUNet.Core.Preprocessing;
using NnUNet.Core.Training;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Preprocessing;

/// <summary>plan_and_preprocess on small generated Tasks: files written, stored cases equal the in-memory result.</summary>
public class PlanAndPreprocessTests
{
    static readonly PlanAndPreprocessOptions TwoThreads = new() { LowResThreads = 1, FullResThreads = 2 };

    // x is the coarse axis, so the plans transpose it first; spacings differ per case, case_01 is the median one.
    static double[] Spacing3D(int i) => [0.8 + 0.1 * i, 0.7 + 0.05 * i, 2.6 + 0.2 * i];

    static PreprocessingTaskBuilder Task3D(TempDirectory temp) =>
        new PreprocessingTaskBuilder(temp).WithCases(3, [10, 24, 18], Spacing3D, "CT", "noNorm");

    static string Output(TempDirectory temp) => temp.Combine("preprocessed", "Task502_Pre");

    [Fact]
    public void ThreeDimensionalTaskWritesEveryFileAndStoredCasesEqualTheInMemoryResult()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        var report = PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads);
        string output = Output(temp);

        var dataset = DatasetDescription.Read(task.Folder);
        Assert.Equal(File.ReadAllText(dataset.JsonPath), File.ReadAllText(Path.Combine(output, "dataset.json")));
        foreach (var c in dataset.Training)
            Assert.Equal(File.ReadAllBytes(c.Label!), File.ReadAllBytes(Path.Combine(output, "gt_segmentations", c.Id + ".nii.gz")));
        var plans3D = ExperimentPlans.Read(Path.Combine(output, ExperimentPlans.FileName3D));
        var plans2D = ExperimentPlans.Read(Path.Combine(output, ExperimentPlans.FileName2D));
        Assert.Equal([2, 0, 1], plans3D.TransposeForward);
        Assert.Equal(report.Fingerprint, DatasetFingerprint.Read(Path.Combine(output, DatasetFingerprint.FileName)), FingerprintComparer.Instance);

        var expectedFolders = Enumerable.Range(0, plans3D.NumStages).Select(s => $"nnUNetData_plans_v2.1_stage{s}")
            .Append("nnUNetData_plans_v2.1_2D_stage0").ToList();
        Assert.Equal(expectedFolders, report.StageFolders);
        Assert.Equal(["fingerprint", "planning", .. Enumerable.Range(0, plans3D.NumStages).Select(s => PlanAndPreprocess.ConfigurationOf(plans3D, s)), "2d"],
            report.Phases.Select(p => p.Name));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(temp.Path, "preprocessed")), d => Path.GetFileName(d).StartsWith('.'));

        foreach (var (plans, stage) in Enumerable.Range(0, plans3D.NumStages).Select(s => (plans3D, s)).Append((plans2D, 0)))
        {
            string folder = Path.Combine(output, PlanAndPreprocess.StageFolderName(plans, stage));
            Assert.Equal(dataset.Training.Select(c => c.Id).Order(StringComparer.Ordinal), PreprocessedCase.ListCases(folder));
            foreach (var c in dataset.Training)
            {
                var expected = CasePreprocessor.Preprocess(NonzeroCropper.Crop(RawCase.Read(c)), plans, stage);
                using var stored = PreprocessedCase.Open(folder, c.Id);
                Assert.Equal(expected.Shape, stored.Shape);
                Assert.Equal(expected.Data, stored.ReadData());
                Assert.Equal(expected.Segmentation, stored.ReadSegmentation());
                AssertSameProperties(expected.Properties, stored.Properties);
                AssertLocationsOnTheirClass(stored);
            }
        }
    }

    [Fact]
    public void SplitsShippedWithTheRawTaskAreCopiedForTraining()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        var ids = DatasetDescription.Read(task.Folder).Training.Select(c => c.Id).ToList();
        var splits = new[] { new FoldSplit([ids[0], ids[1]], [ids[2]]), new FoldSplit([ids[2]], [ids[0], ids[1]]) };
        SplitsFile.Write(Path.Combine(task.Folder, SplitsFile.FileName), splits);

        PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads with { Preprocess = false });

        Assert.Equal(File.ReadAllText(Path.Combine(task.Folder, SplitsFile.FileName)),
            File.ReadAllText(Path.Combine(Output(temp), SplitsFile.FileName)));
    }

    [Fact]
    public void FingerprintFollowsTheCropAndPoolsEveryTenthForegroundVoxel()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        var dataset = DatasetDescription.Read(task.Folder);
        var fingerprint = FingerprintExtractor.Extract(dataset, threads: 2);

        Assert.Equal([1, 2], fingerprint.AllClasses);
        Assert.Equal(["CT", "noNorm"], fingerprint.Modalities);
        var pooled = new List<float>[] { [], [] };
        for (int i = 0; i < 3; i++)
        {
            var cropped = NonzeroCropper.Crop(RawCase.Read(dataset.Training[i]));
            var fp = fingerprint.Cases[i];
            Assert.Equal(cropped.Id, fp.CaseIdentifier);
            Assert.Equal(Spacing3D(i).Select(s => (double)(float)s), fp.Spacing); // NIfTI stores float32 spacings
            Assert.Equal(cropped.Shape, fp.ShapeAfterCropping);
            Assert.True(cropped.Shape[1] < 24 && cropped.Shape[2] < 18, "the corners outside the cylinder are cropped");
            Assert.Equal(cropped.VoxelsPerChannel / (10.0 * 24 * 18), fp.SizeReduction);
            // Definition: channel values where seg > 0, C order of the cropped case, every 10th from the first.
            int voxels = (int)cropped.VoxelsPerChannel;
            for (int c = 0; c < 2; c++)
            {
                var foreground = Enumerable.Range(0, voxels).Where(v => cropped.Segmentation[v] > 0).Select(v => cropped.Data[c * voxels + v]).ToArray();
                var kept = foreground.Where((_, k) => k % 10 == 0).ToArray();
                pooled[c].AddRange(kept);
                Assert.Equal(IntensityProperties.FromSamples(kept), fp.IntensityProperties![c]);
            }
        }
        for (int c = 0; c < 2; c++) Assert.Equal(IntensityProperties.FromSamples(pooled[c].ToArray()), fingerprint.IntensityProperties![c]);
    }

    [Fact]
    public void NoCtModalityMeansNoIntensityStatistics()
    {
        using var temp = new TempDirectory();
        var task = new PreprocessingTaskBuilder(temp).WithCases(2, [6, 12, 10], _ => [1, 1, 1], "MR");
        var fingerprint = FingerprintExtractor.Extract(DatasetDescription.Read(task.Folder), threads: 1);
        Assert.Null(fingerprint.IntensityProperties);
        Assert.All(fingerprint.Cases, c => Assert.Null(c.IntensityProperties));
    }

    [Fact]
    public void CaseWithoutForegroundHasNoStatisticsOfItsOwnAndTheFileReadsBack()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        var label = NiftiReader.Read(task.Label("case_01"));
        Array.Clear(label.Data);
        NiftiWriter.Write(task.Label("case_01"), label, NiftiDataType.UInt8);
        var report = PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads with { Preprocess = false });

        Assert.All(report.Fingerprint.Cases[1].IntensityProperties!, Assert.Null);
        Assert.All(report.Fingerprint.Cases[0].IntensityProperties!, Assert.NotNull);
        var read = DatasetFingerprint.Read(Path.Combine(Output(temp), DatasetFingerprint.FileName));
        Assert.All(read.Cases[1].IntensityProperties!, Assert.Null);
        Assert.Equal(report.Fingerprint.IntensityProperties, read.IntensityProperties);
    }

    [Fact]
    public void CasesArePooledInTheOrderOfTheirCroppedFileNames()
    {
        // v1 sorts CASE.npz file names: "a-1.npz" < "a.npz" ('-' < '.'), although "a" < "a-1".
        DatasetCase Case(string id) => new(id, [$"{id}_0000.nii.gz"], $"{id}.nii.gz");
        var order = FingerprintExtractor.CaseOrder([Case("a"), Case("a-1"), Case("a_1"), Case("B")]);
        Assert.Equal(["B", "a-1", "a", "a_1"], order.Select(c => c.Id));
    }

    [Fact]
    public void PseudoThreeDimensionalTwoDTaskIsPreprocessedFor2dAndKeepsItsSliceSpacing()
    {
        using var temp = new TempDirectory();
        var task = new PreprocessingTaskBuilder(temp).WithCases(4, [1, 30, 26], i => [999, 0.5 + 0.05 * i, 0.5 + 0.05 * i], "MR");
        var report = PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads);
        var dataset = DatasetDescription.Read(task.Folder);

        var plans2D = ExperimentPlans.Read(Path.Combine(Output(temp), ExperimentPlans.FileName2D));
        Assert.Contains("nnUNetData_plans_v2.1_2D_stage0", report.StageFolders);
        Assert.Equal(report.Planning.Plans3D is null ? 1 : 1 + report.Planning.Plans3D.NumStages, report.StageFolders.Count);
        Assert.True(NormalizationChoice.UseMaskForNorm(report.Fingerprint)[0] == plans2D.UseMaskForNorm[0]);
        foreach (string folderName in report.StageFolders)
        {
            var plans = folderName.Contains("_2D_") ? plans2D : report.Planning.Plans3D!;
            string folder = Path.Combine(Output(temp), folderName);
            foreach (var c in dataset.Training)
            {
                var expected = CasePreprocessor.Preprocess(NonzeroCropper.Crop(RawCase.Read(c)), plans, 0);
                using var stored = PreprocessedCase.Open(folder, c.Id);
                Assert.Equal(1, stored.Shape[0]);
                Assert.Equal(expected.Data, stored.ReadData());
                Assert.Equal(expected.Segmentation, stored.ReadSegmentation());
                Assert.Equal(999, stored.Properties.SpacingAfterResampling[0]);
                AssertSameProperties(expected.Properties, stored.Properties);
                AssertLocationsOnTheirClass(stored);
            }
        }
    }

    [Fact]
    public void LowResolutionStageIsResampledToItsOwnSpacing()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        var dataset = DatasetDescription.Read(task.Folder);
        var fullres = ExperimentPlanner.Plan(FingerprintExtractor.Extract(dataset, threads: 2)).Plans3D!;
        // A 2-stage plan as v1 makes for large cases: stage 0 (3d_lowres) at a coarser spacing, stage 1 = 3d_fullres.
        var full = fullres.PlansPerStage[^1];
        var lowres = full with { CurrentSpacing = full.CurrentSpacing.Select(s => s * 1.6).ToArray() };
        var plans = fullres with { PlansPerStage = [lowres, full] };
        Assert.Equal(Configurations.LowRes3D, PlanAndPreprocess.ConfigurationOf(plans, 0));
        Assert.Equal(Configurations.FullRes3D, PlanAndPreprocess.ConfigurationOf(plans, 1));

        string folder = temp.Combine("lowres");
        PlanAndPreprocess.PreprocessStage(dataset, plans, 0, folder, threads: 2);
        foreach (var c in dataset.Training)
        {
            var cropped = NonzeroCropper.Crop(RawCase.Read(c));
            using var stored = PreprocessedCase.Open(folder, c.Id);
            Assert.Equal(lowres.CurrentSpacing, stored.Properties.SpacingAfterResampling);
            int[] shapeT = [.. plans.TransposeForward.Select(a => cropped.Shape[a])];
            double[] spacingT = [.. plans.TransposeForward.Select(a => cropped.Geometry.Spacing[a])];
            for (int a = 0; a < 3; a++)
                Assert.Equal((int)Math.Round(spacingT[a] / lowres.CurrentSpacing[a] * shapeT[a], MidpointRounding.ToEven), stored.Shape[a]);
            Assert.Equal(CasePreprocessor.Preprocess(cropped, plans, 0).Data, stored.ReadData());
        }
    }

    [Fact]
    public void ExistingOutputSurvivesAFailedRunUntouched()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads);
        File.WriteAllText(Path.Combine(Output(temp), "splits_final.json"), "[]");
        var before = Snapshot(Output(temp));

        File.WriteAllBytes(task.Image("case_02", 1), [0x1f, 0x8b, 1, 2, 3]); // a corrupt .nii.gz
        var error = Assert.Throws<InvalidInputException>(() => PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads));
        Assert.StartsWith(task.Image("case_02", 1), error.Message);

        Assert.Equal(before, Snapshot(Output(temp)));
        Assert.Equal(["Task502_Pre"], Directory.GetFileSystemEntries(temp.Combine("preprocessed")).Select(Path.GetFileName));
    }

    [Fact]
    public void RerunReplacesWhatItProducesAndKeepsTheRest()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads);
        string stage0 = Path.Combine(Output(temp), "nnUNetData_plans_v2.1_stage0");
        File.WriteAllText(Path.Combine(stage0, "stale.json"), "{}");
        File.WriteAllText(Path.Combine(Output(temp), "splits_final.json"), "[]");
        Directory.CreateDirectory(Path.Combine(Output(temp), "nnUNetData_plans_v2.1_stage1")); // from an earlier 2-stage plan

        var report = PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads with { Plan2D = false });

        Assert.False(File.Exists(Path.Combine(stage0, "stale.json")));
        Assert.True(File.Exists(Path.Combine(Output(temp), "splits_final.json")));
        Assert.Equal(report.Planning.Plans3D!.NumStages == 2, Directory.Exists(Path.Combine(Output(temp), "nnUNetData_plans_v2.1_stage1")));
        Assert.True(Directory.Exists(Path.Combine(Output(temp), "nnUNetData_plans_v2.1_2D_stage0")), "-pl2d None leaves the 2D data alone");
    }

    [Fact]
    public void WithoutPreprocessingOnlyTheFingerprintAndThePlansAreWritten()
    {
        using var temp = new TempDirectory();
        var task = Task3D(temp);
        var report = PlanAndPreprocess.Run(task.Folder, Output(temp), TwoThreads with { Preprocess = false, Plan3D = false });
        Assert.Empty(report.StageFolders);
        Assert.Equal(["dataset.json", DatasetFingerprint.FileName, ExperimentPlans.FileName2D],
            Directory.GetFileSystemEntries(Output(temp)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    static void AssertSameProperties(CaseProperties expected, CaseProperties actual)
    {
        Assert.Equal(expected.CaseIdentifier, actual.CaseIdentifier);
        Assert.Equal(expected.DataFiles, actual.DataFiles);
        Assert.Equal(expected.SegFile, actual.SegFile);
        Assert.Equal(expected.OriginalSpacing, actual.OriginalSpacing);
        Assert.Equal(expected.Origin, actual.Origin);
        Assert.Equal(expected.Direction, actual.Direction);
        Assert.Equal(expected.OriginalShape, actual.OriginalShape);
        Assert.Equal(expected.CropBox, actual.CropBox);
        Assert.Equal(expected.ShapeAfterCropping, actual.ShapeAfterCropping);
        Assert.Equal(expected.Classes, actual.Classes);
        Assert.Equal(expected.ShapeAfterResampling, actual.ShapeAfterResampling);
        Assert.Equal(expected.SpacingAfterResampling, actual.SpacingAfterResampling);
        Assert.Equal(expected.UseNonzeroMaskForNormalization, actual.UseNonzeroMaskForNormalization);
        Assert.Equal(expected.ClassLocations.Keys.Order(), actual.ClassLocations.Keys.Order());
        foreach (var (label, voxels) in expected.ClassLocations) Assert.Equal(voxels, actual.ClassLocations[label]);
    }

    /// <summary>Every stored location is a voxel of the stored array holding its class; every class present has some.</summary>
    static void AssertLocationsOnTheirClass(PreprocessedCase stored)
    {
        var seg = stored.ReadSegmentation();
        var shape = stored.Shape;
        foreach (var (label, voxels) in stored.Properties.ClassLocations)
        {
            int count = seg.Count(v => v == label);
            Assert.Equal(count == 0 ? 0 : ClassLocationSampler.SampleCount(count), voxels.Length);
            foreach (int[] v in voxels)
            {
                Assert.InRange(v[0], 0, shape[0] - 1);
                Assert.InRange(v[1], 0, shape[1] - 1);
                Assert.InRange(v[2], 0, shape[2] - 1);
                Assert.Equal(label, seg[(v[0] * shape[1] + v[1]) * shape[2] + v[2]]);
            }
        }
        Assert.Equal([1, 2], stored.Properties.ClassLocations.Keys.Order());
    }

    /// <summary>Every file under a folder with its content, to prove nothing changed.</summary>
    static SortedDictionary<string, string> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f), f => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
            StringComparer.Ordinal);

    sealed class FingerprintComparer : IEqualityComparer<DatasetFingerprint>
    {
        public static readonly FingerprintComparer Instance = new();

        public bool Equals(DatasetFingerprint? a, DatasetFingerprint? b) =>
            a is not null && b is not null && PlanningJsonText(a) == PlanningJsonText(b);

        public int GetHashCode(DatasetFingerprint f) => 0;

        static string PlanningJsonText(DatasetFingerprint f)
        {
            using var dir = new TempDirectory();
            f.Write(dir.Combine("f.json"));
            return File.ReadAllText(dir.Combine("f.json"));
        }
    }
}
