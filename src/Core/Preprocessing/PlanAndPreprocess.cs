using System.Diagnostics;
using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Core.Planning;

using NnUNet.Core.Training;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// v1 nnUNet_plan_and_preprocess for one raw Task (spec §3, §4, §5, §11): optional integrity check, fingerprint
/// (dataset_properties.json), planning (nnUNetPlansv2.1_plans_3D.json / _2D.json), then preprocessing of every
/// stage (nnUNetData_plans_v2.1_stage{0,1}, nnUNetData_plans_v2.1_2D_stage0) plus gt_segmentations/ and a copy of
/// dataset.json. Cases run in parallel (3d_lowres with <see cref="PlanAndPreprocessOptions.LowResThreads"/>, the
/// rest with <see cref="PlanAndPreprocessOptions.FullResThreads"/>); each case is read and cropped on the fly.
/// Everything is built beside the task folder and moved in only at the end (<see cref="TaskOutputStaging"/>).
/// </summary>
public static class PlanAndPreprocess
{
    /// <summary>Folder of the raw label maps copied next to the preprocessed data, to score validation.</summary>
    public const string GroundTruthFolderName = "gt_segmentations";

    /// <summary>Runs everything for the raw task in <paramref name="rawTaskFolder"/> into <paramref name="outputFolder"/>.</summary>
    public static PlanAndPreprocessReport Run(string rawTaskFolder, string outputFolder, PlanAndPreprocessOptions options,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var dataset = DatasetDescription.Read(rawTaskFolder);
        CheckSupported(dataset);
        if (options.VerifyIntegrity)
            DatasetIntegrityVerifier.Verify(rawTaskFolder, progress, options.FullResThreads, cancellationToken).ThrowIfErrors();
        if (dataset.Training.Count == 0) throw new InvalidInputException($"{dataset.JsonPath}: the dataset lists no training cases.");

        var recorder = new PhaseRecorder();
        var stageFolders = new List<string>();
        using var staging = TaskOutputStaging.Begin(outputFolder);
        int cases = dataset.Training.Count;

        var fingerprint = recorder.Measure("fingerprint", cases, RawVoxels,
            () => FingerprintExtractor.Extract(dataset, options.FullResThreads, progress, cancellationToken));
        long rawVoxels = RawVoxels(fingerprint);
        fingerprint.Write(staging.PathOf(DatasetFingerprint.FileName));
        File.Copy(dataset.JsonPath, staging.PathOf(DatasetDescription.FileName));
        // A split shipped with the raw Task (e.g. Task075's sequence split) is the one to train with, as v2 does.
        string rawSplits = Path.Combine(rawTaskFolder, SplitsFile.FileName);
        if (File.Exists(rawSplits)) File.Copy(rawSplits, staging.PathOf(SplitsFile.FileName));

        var planning = recorder.Measure("planning", 0, _ => 0, () => ExperimentPlanner.Plan(fingerprint));
        if (options.Plan3D)
        {
            if (planning.Plans3D is { } plans3D) plans3D.Write(staging.PathOf(ExperimentPlans.FileName3D));
            else staging.RemoveOnCommit(ExperimentPlans.FileName3D);
        }
        if (options.Plan2D) planning.Plans2D.Write(staging.PathOf(ExperimentPlans.FileName2D));

        if (options.Preprocess && (options.Plan3D || options.Plan2D))
        {
            CopyGroundTruth(dataset, staging.PathOf(GroundTruthFolderName));
            if (options.Plan3D)
            {
                var plans3D = planning.Plans3D;
                int stages = plans3D?.NumStages ?? 0;
                for (int stage = 0; stage < stages; stage++)
                {
                    int threads = stages > 1 && stage == 0 ? options.LowResThreads : options.FullResThreads;
                    string name = StageFolderName(plans3D!, stage);
                    recorder.Measure(ConfigurationOf(plans3D!, stage), cases, rawVoxels,
                        () => PreprocessStage(dataset, plans3D!, stage, staging.PathOf(name), threads, progress, cancellationToken));
                    stageFolders.Add(name);
                }
                // Stage folders of an earlier 3D plan that this one no longer has.
                for (int stage = stages; stage < MaxStages; stage++)
                    staging.RemoveOnCommit($"{ExperimentPlans.DataIdentifier3D}_stage{stage}");
            }
            if (options.Plan2D)
            {
                string name = StageFolderName(planning.Plans2D, 0);
                recorder.Measure(Configurations.TwoD, cases, rawVoxels,
                    () => PreprocessStage(dataset, planning.Plans2D, 0, staging.PathOf(name), options.FullResThreads, progress, cancellationToken));
                stageFolders.Add(name);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        staging.Commit();
        return new PlanAndPreprocessReport
        {
            OutputFolder = staging.TargetFolder,
            Fingerprint = fingerprint,
            Planning = planning,
            StageFolders = stageFolders,
            Phases = recorder.Phases,
            ProcessPeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
        };
    }

    /// <summary>v1 plans hold at most two 3D stages (3d_lowres, 3d_fullres).</summary>
    const int MaxStages = 2;

    /// <summary><c>{data_identifier}_stage{i}</c>, the folder a stage's cases are stored in.</summary>
    public static string StageFolderName(ExperimentPlans plans, int stage) => $"{plans.DataIdentifier}_stage{stage}";

    /// <summary>The configuration that trains on stage <paramref name="stage"/> of the plans.</summary>
    public static string ConfigurationOf(ExperimentPlans plans, int stage) =>
        plans.IsTwoDimensional ? Configurations.TwoD
        : stage == plans.NumStages - 1 ? Configurations.FullRes3D
        : Configurations.LowRes3D;

    /// <summary>
    /// Preprocesses every training case of <paramref name="dataset"/> for one stage into <paramref name="folder"/>,
    /// <paramref name="threads"/> cases at a time.
    /// </summary>
    public static void PreprocessStage(DatasetDescription dataset, ExperimentPlans plans, int stage, string folder, int threads,
        IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var cases = dataset.Training.OrderBy(c => c.Id, StringComparer.Ordinal).ToArray();
        int perCase = ParallelCases.ThreadsPerCase(cases.Length, threads);
        ParallelCases.Run(cases.Length, threads, ConfigurationOf(plans, stage), i => cases[i].Id, progress, cancellationToken, i =>
        {
            var cropped = NonzeroCropper.Crop(RawCase.Read(cases[i]));
            CasePreprocessor.Preprocess(cropped, plans, stage, perCase).Write(folder);
        });
    }

    /// <summary>v1 copies every training label file into gt_segmentations/ under its own name.</summary>
    static void CopyGroundTruth(DatasetDescription dataset, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var c in dataset.Training)
            File.Copy(c.Label!, Path.Combine(folder, Path.GetFileName(c.Label!)), overwrite: true);
    }

    /// <summary>Raw voxels of all channels of all cases (cropped voxels / size reduction per case).</summary>
    static long RawVoxels(DatasetFingerprint fingerprint) =>
        fingerprint.Cases.Sum(c => (long)Math.Round(c.ShapeAfterCropping[0] * (double)c.ShapeAfterCropping[1] * c.ShapeAfterCropping[2] / c.SizeReduction))
        * fingerprint.Modalities.Count;

    static void CheckSupported(DatasetDescription dataset)
    {
        if (dataset.FileEnding is not (".nii.gz" or ".nii"))
            throw new InvalidInputException($"{dataset.JsonPath}: file_ending '{dataset.FileEnding}' is not NIfTI; plan_and_preprocess reads .nii.gz / .nii files.");
        if (dataset.Regions.Count > 0 || dataset.IgnoreLabel is not null)
            throw new InvalidInputException($"{dataset.JsonPath}: regions and ignore labels are nnU-Net v2 features; plan_and_preprocess follows v1 (plain labels).");
        if (dataset.Channels.Count == 0) throw new InvalidInputException($"{dataset.JsonPath}: no modality (channel) is listed.");
    }
}
