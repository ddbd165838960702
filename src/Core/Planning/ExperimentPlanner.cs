namespace NnUNet.Core.Planning;

/// <summary>
/// nnU-Net v1 experiment planning (ExperimentPlanner3D_v21 and ExperimentPlanner2D_v21, spec §4.1-4.7, §4.10):
/// a pure function from the dataset fingerprint to the 3D and 2D plans. No I/O.
/// </summary>
public static class ExperimentPlanner
{
    /// <summary>3d_lowres is needed when the median case has at least this many times the fullres patch voxels (spec §4.7).</summary>
    const double LowresPatientCoverage = 4;

    /// <summary>Factor applied to the lowres spacing per search step (spec §4.7).</summary>
    const double LowresSpacingStep = 1.01;

    /// <summary>Axes finer than the coarsest by more than this are coarsened first in the lowres search (spec §4.7).</summary>
    const double LowresAnisotropyRatio = 2;

    /// <summary>
    /// Plans the dataset. 3D is skipped (with <see cref="PlanningResult.Skipped3DReason"/>) when no valid 3D
    /// patch exists, where nnU-Net v1 crashes; 2D is always planned.
    /// </summary>
    /// <exception cref="NnUNet.Abstractions.InvalidInputException">The fingerprint cannot be planned from.</exception>
    public static PlanningResult Plan(DatasetFingerprint fingerprint)
    {
        fingerprint.Validate("dataset fingerprint");
        string[] schemes = NormalizationChoice.Schemes(fingerprint.Modalities);
        bool[] useMask = NormalizationChoice.UseMaskForNorm(fingerprint);
        int numCases = fingerprint.Cases.Count;
        int numModalities = fingerprint.Modalities.Count;
        int numClasses = fingerprint.AllClasses.Count + 1; // the networks also output background

        // 3D (spec §4.1-4.5, §4.7)
        double[] target3D = TargetSpacing.V21(fingerprint, out bool p10Changed);
        int[] forward3D = TargetSpacing.TransposeForward(target3D);
        double[] median3D = TargetSpacing.MedianResampledShape(fingerprint, target3D);
        double[] target3DT = TargetSpacing.Transpose(target3D, forward3D);
        double[] median3DT = TargetSpacing.Transpose(median3D, forward3D);

        ExperimentPlans? plans3D = null;
        string? skipped = null;
        var lowres = new LowresSearch(0, null, null);
        if (!StagePlanner3D.TryPlan(target3DT, target3DT, median3DT, numCases, numModalities, numClasses,
                out var fullres, out string? failure))
            skipped = failure;
        else
        {
            lowres = SearchLowres(target3D, median3D, forward3D, fullres, numCases, numModalities, numClasses);
            if (lowres.Failure != null) skipped = $"3d_lowres: {lowres.Failure}";
            else
                plans3D = new ExperimentPlans
                {
                    PlansIdentifier = ExperimentPlans.PlansIdentifierV21,
                    DataIdentifier = ExperimentPlans.DataIdentifier3D,
                    PreprocessorName = ExperimentPlans.Preprocessor3D,
                    PlansPerStage = lowres.Accepted != null ? [lowres.Accepted, fullres] : [fullres],
                    NormalizationSchemes = schemes,
                    UseMaskForNorm = useMask,
                    BaseNumFeatures = StagePlanner3D.BaseNumFeatures,
                    ConvPerStage = VramEstimate.ConvPerStage,
                    TransposeForward = forward3D,
                    TransposeBackward = TargetSpacing.TransposeBackward(forward3D),
                    TargetSpacing = target3D,
                    DatasetProperties = fingerprint,
                };
        }
        if (skipped != null) skipped = $"3D configurations skipped for this dataset: {skipped}. Use the 2d configuration.";

        // 2D (spec §4.6): plain median target, no 10th-percentile rule
        double[] target2D = TargetSpacing.Median(fingerprint);
        int[] forward2D = TargetSpacing.TransposeForward(target2D);
        double[] median2DT = TargetSpacing.Transpose(TargetSpacing.MedianResampledShape(fingerprint, target2D), forward2D);
        var stage2D = StagePlanner2D.Plan(TargetSpacing.Transpose(target2D, forward2D), median2DT, numCases,
            numModalities, numClasses);
        var plans2D = new ExperimentPlans
        {
            PlansIdentifier = ExperimentPlans.PlansIdentifierV21,
            DataIdentifier = ExperimentPlans.DataIdentifier2D,
            PreprocessorName = ExperimentPlans.Preprocessor2D,
            PlansPerStage = [stage2D],
            NormalizationSchemes = schemes,
            UseMaskForNorm = useMask,
            BaseNumFeatures = StagePlanner2D.BaseNumFeatures,
            ConvPerStage = VramEstimate.ConvPerStage,
            TransposeForward = forward2D,
            TransposeBackward = TargetSpacing.TransposeBackward(forward2D),
            TargetSpacing = target2D,
            DatasetProperties = fingerprint,
        };

        return new PlanningResult
        {
            Plans3D = plans3D,
            Skipped3DReason = skipped,
            Plans2D = plans2D,
            Diagnostics = new PlanningDiagnostics
            {
                MedianSpacing = target2D,
                TargetSpacing3D = target3D,
                P10RuleChangedTarget = p10Changed,
                MedianShapeTransposed3D = median3DT,
                MedianShapeTransposed2D = median2DT,
                LowresIterations = lowres.Iterations,
                RejectedLowresCandidate = lowres.Rejected,
            },
        };
    }

    /// <summary>Outcome of the 3d_lowres search: the stage to add, or the candidate that was dropped, or why none could be planned.</summary>
    sealed record LowresSearch(int Iterations, StagePlan? Accepted, StagePlan? Rejected, string? Failure = null);

    /// <summary>
    /// spec §4.7: when the median case holds at least 4 fullres patches, coarsen the (untransposed) spacing
    /// in 1 % steps (only the axes more than 2x finer than the coarsest, else all) until the median case holds
    /// at most 4 patches of the re-planned stage. The candidate is kept only if it halves the median voxels.
    /// </summary>
    static LowresSearch SearchLowres(double[] target, double[] median, int[] forward, StagePlan fullres,
        int numCases, int numModalities, int numClasses)
    {
        long patchVoxels = StagePlanner3D.Product(fullres.PatchSize);
        // v1 truncates each median axis to an integer for this test only.
        long medianVoxelsTruncated = 1;
        foreach (double m in median) medianVoxelsTruncated = checked(medianVoxelsTruncated * (long)m);
        if ((double)medianVoxelsTruncated / patchVoxels < LowresPatientCoverage) return new LowresSearch(0, null, null);

        double[] targetT = TargetSpacing.Transpose(target, forward);
        double[] medianT = TargetSpacing.Transpose(median, forward);
        double[] spacing = (double[])target.Clone();
        double voxels = Product(median);
        StagePlan? candidate = null;
        int iterations = 0;
        while (voxels > LowresPatientCoverage * patchVoxels)
        {
            double coarsest = spacing.Max();
            bool[] finer = spacing.Select(s => coarsest / s > LowresAnisotropyRatio).ToArray();
            bool any = finer.Any(f => f);
            for (int i = 0; i < spacing.Length; i++)
                if (!any || finer[i]) spacing[i] *= LowresSpacingStep;
            voxels = Product(spacing.Select((s, i) => target[i] / s * median[i]));

            iterations++;
            if (!StagePlanner3D.TryPlan(TargetSpacing.Transpose(spacing, forward), targetT, medianT, numCases,
                    numModalities, numClasses, out candidate, out string? failure))
                return new LowresSearch(iterations, null, null, failure);
            patchVoxels = StagePlanner3D.Product(candidate.PatchSize);
        }
        // v1 fails (unbound candidate) when the ratio is exactly 4 and the loop never runs: no lowres then.
        if (candidate == null) return new LowresSearch(0, null, null);
        bool halves = 2 * StagePlanner3D.Product(candidate.MedianPatientSizeInVoxels)
                      < StagePlanner3D.Product(fullres.MedianPatientSizeInVoxels);
        return halves ? new LowresSearch(iterations, candidate, null) : new LowresSearch(iterations, null, candidate);
    }

    static double Product(IEnumerable<double> values)
    {
        double product = 1;
        foreach (double v in values) product *= v;
        return product;
    }
}
