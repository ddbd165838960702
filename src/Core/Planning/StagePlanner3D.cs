using System.Diagnostics.CodeAnalysis;

namespace NnUNet.Core.Planning;

/// <summary>
/// Plans one 3D stage (3d_fullres or a 3d_lowres candidate) the way nnU-Net v1's ExperimentPlanner3D_v21
/// does (<c>get_properties_for_stage</c>, spec §4.5). All spatial inputs and outputs are transposed.
/// </summary>
public static class StagePlanner3D
{
    /// <summary>Base feature maps of the v2.1 3D U-Net (spec §4.5).</summary>
    public const int BaseNumFeatures = 32;

    /// <summary>Feature-map cap of the 3D U-Net (spec §4.5).</summary>
    public const int MaxNumFeatures = 320;

    /// <summary>Edge length, in voxels, of the coarsest axis of the initial patch before clipping (spec §4.5).</summary>
    const int InitialPatchEdge = 512;

    /// <summary>VRAM budget: 520e6 measured for 30 base features, scaled to 32 (spec §4.5).</summary>
    public const double ReferenceVram = 520000000L * 32 / 30.0;

    /// <summary>Batch size the reference budget was measured with (spec §4.5).</summary>
    const int ReferenceBatchSize = 2;

    /// <summary>A batch may cover at most this share of all dataset voxels (spec §4.5).</summary>
    public const double MaxDatasetCoverage = 0.05;

    /// <summary>The dataset-coverage cap never pushes the 3D batch below this (spec §4.5).</summary>
    const int MinBatchSize = 2;

    /// <summary>Patch max/axis-0 edge ratio above which augmentation runs per slice (spec §4.5).</summary>
    public const double AnisotropyThreshold = 3;

    /// <summary>
    /// Plans the stage. Returns false with a reason when the memory-driven shrink loop would drive an axis of
    /// the patch to zero (large, effectively 2D images): nnU-Net v1 crashes there; the caller skips 3D.
    /// </summary>
    /// <param name="currentSpacing">Spacing of this stage (transposed).</param>
    /// <param name="originalSpacing">Full-resolution target spacing (transposed).</param>
    /// <param name="medianShape">Median case shape at the full-resolution target spacing (transposed, unrounded).</param>
    /// <param name="numCases">Number of training cases.</param>
    /// <param name="numModalities">Input channels.</param>
    /// <param name="numClasses">Output classes INCLUDING background.</param>
    /// <param name="plan">The stage, when it could be planned.</param>
    /// <param name="failure">Why no stage exists, otherwise.</param>
    public static bool TryPlan(IReadOnlyList<double> currentSpacing, IReadOnlyList<double> originalSpacing,
        IReadOnlyList<double> medianShape, int numCases, int numModalities, int numClasses,
        [NotNullWhen(true)] out StagePlan? plan, [NotNullWhen(false)] out string? failure)
    {
        int dim = currentSpacing.Count;
        int[] median = Enumerable.Range(0, dim)
            .Select(i => NumpyStatistics.RoundHalfEven(originalSpacing[i] / currentSpacing[i] * medianShape[i])).ToArray();
        long datasetVoxels = checked(Product(median) * numCases);

        int[] patch = InitialPatch(currentSpacing, median);
        var topology = NetworkTopology.Compute(currentSpacing, patch);
        long estimate = Estimate(topology, numModalities, numClasses);
        while (estimate > ReferenceVram)
        {
            var reduced = PatchShrink.ReduceOneStep(currentSpacing, topology, median);
            if (reduced.Any(p => p < 1))
            {
                int axis = Array.FindIndex(reduced.ToArray(), p => p < 1);
                plan = null;
                failure = $"the 3D patch does not fit the memory budget without shrinking axis {axis} " +
                          $"(median size {median[axis]} voxels) to {reduced[axis]} voxels: the images are " +
                          $"effectively 2D ({string.Join(" x ", median)} voxels at the target spacing) and too large " +
                          "in-plane for a 3D patch (nnU-Net v1's 3D planner crashes on this dataset)";
                return false;
            }
            topology = NetworkTopology.Compute(currentSpacing, reduced);
            estimate = Estimate(topology, numModalities, numClasses);
        }

        IReadOnlyList<int> patchSize = topology.PatchSize;
        int batch = (int)Math.Floor(Math.Max(ReferenceVram / estimate, 1) * ReferenceBatchSize);
        int maxBatch = Math.Max(
            NumpyStatistics.RoundHalfEven(MaxDatasetCoverage * datasetVoxels / Product(patchSize)), MinBatchSize);
        batch = Math.Max(1, Math.Min(batch, maxBatch));

        plan = new StagePlan
        {
            BatchSize = batch,
            NumPoolPerAxis = topology.NumPoolPerAxis,
            PatchSize = patchSize,
            MedianPatientSizeInVoxels = median,
            CurrentSpacing = currentSpacing.ToArray(),
            OriginalSpacing = originalSpacing.ToArray(),
            DoDummy2DDataAug = (double)patchSize.Max() / patchSize[0] > AnisotropyThreshold,
            PoolOpKernelSizes = topology.PoolOpKernelSizes,
            ConvKernelSizes = topology.ConvKernelSizes,
        };
        failure = null;
        return true;
    }

    /// <summary>
    /// Equal physical extent on every axis (proportional to 1/spacing, normalised by its mean), scaled so the
    /// coarsest axis gets <see cref="InitialPatchEdge"/> voxels, rounded half to even, clipped to the median shape.
    /// </summary>
    static int[] InitialPatch(IReadOnlyList<double> spacing, int[] median)
    {
        double[] p = spacing.Select(s => 1 / s).ToArray();
        double sum = 0;
        foreach (double v in p) sum += v;
        double mean = sum / p.Length;
        for (int i = 0; i < p.Length; i++) p[i] /= mean;
        double scale = 1 / p.Min() * InitialPatchEdge;
        return p.Select((v, i) => Math.Min(NumpyStatistics.RoundHalfEven(v * scale), median[i])).ToArray();
    }

    static long Estimate(NetworkTopology topology, int numModalities, int numClasses) =>
        VramEstimate.Compute(topology.PatchSize, BaseNumFeatures, MaxNumFeatures, numModalities, numClasses,
            topology.PoolOpKernelSizes);

    internal static long Product(IEnumerable<int> values)
    {
        long product = 1;
        foreach (int v in values) product = checked(product * v);
        return product;
    }
}
