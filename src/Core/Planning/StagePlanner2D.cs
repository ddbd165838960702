using NnUNet.Abstractions;

namespace NnUNet.Core.Planning;

/// <summary>
/// Plans the 2d configuration the way nnU-Net v1's ExperimentPlanner2D_v21 does (spec §4.6): the network
/// sees whole slices of axis 0 (after transposition), starting from the median in-plane shape.
/// </summary>
public static class StagePlanner2D
{
    /// <summary>Base feature maps of the v2.1 2D U-Net (spec §4.6).</summary>
    public const int BaseNumFeatures = 32;

    /// <summary>
    /// v1 quirk (spec §4.6): the FIRST memory estimate uses 30 base features (the v1 value), every estimate
    /// inside the shrink loop uses <see cref="BaseNumFeatures"/>.
    /// </summary>
    const int FirstEstimateBaseNumFeatures = 30;

    /// <summary>Feature-map cap the 2D planner assumes (spec §4.6; the v1 trainer builds with 480).</summary>
    public const int MaxNumFeatures = 512;

    /// <summary>Budget: 19,739,648 voxel-features per sample at batch 50, for a batch of 2 (spec §4.6).</summary>
    public const double ReferenceVram = 19739648L * 50 / 2.0;

    /// <summary>Batches smaller than this mean the slices are too large to train on (spec §4.6).</summary>
    const int MinBatchSize = 2;

    /// <param name="spacing">Target spacing, transposed (three axes; axis 0 is the slice axis).</param>
    /// <param name="medianShape">Median case shape at that spacing, transposed, unrounded.</param>
    /// <param name="numCases">Number of training cases.</param>
    /// <param name="numModalities">Input channels.</param>
    /// <param name="numClasses">Output classes INCLUDING background.</param>
    public static StagePlan Plan(IReadOnlyList<double> spacing, IReadOnlyList<double> medianShape, int numCases,
        int numModalities, int numClasses)
    {
        int[] median = medianShape.Select(NumpyStatistics.RoundHalfEven).ToArray();
        long datasetVoxels = checked(StagePlanner3D.Product(median) * numCases);
        double[] inPlaneSpacing = spacing.Skip(1).ToArray();
        int[] inPlaneMedian = median.Skip(1).ToArray();

        var topology = NetworkTopology.Compute(inPlaneSpacing, inPlaneMedian);
        long estimate = Estimate(topology, FirstEstimateBaseNumFeatures, numModalities, numClasses);
        while (estimate > ReferenceVram)
        {
            var reduced = PatchShrink.ReduceOneStep(inPlaneSpacing, topology, inPlaneMedian);
            if (reduced.Any(p => p < 1))
                throw new InvalidInputException(
                    $"dataset fingerprint: no 2D patch of the median slice ({string.Join(" x ", inPlaneMedian)} voxels) fits the memory budget");
            topology = NetworkTopology.Compute(inPlaneSpacing, reduced);
            estimate = Estimate(topology, BaseNumFeatures, numModalities, numClasses);
        }

        int batch = (int)(Math.Floor(ReferenceVram / estimate) * 2);
        if (batch < MinBatchSize)
            throw new InvalidInputException(
                $"dataset fingerprint: the 2D patch {string.Join(" x ", topology.PatchSize)} is too large for a batch of {MinBatchSize}");
        int maxBatch = NumpyStatistics.RoundHalfEven(
            StagePlanner3D.MaxDatasetCoverage * datasetVoxels / StagePlanner3D.Product(topology.PatchSize));
        batch = Math.Max(1, Math.Min(batch, maxBatch));

        return new StagePlan
        {
            BatchSize = batch,
            NumPoolPerAxis = topology.NumPoolPerAxis,
            PatchSize = topology.PatchSize,
            MedianPatientSizeInVoxels = median,
            CurrentSpacing = spacing.ToArray(),
            OriginalSpacing = spacing.ToArray(),
            DoDummy2DDataAug = false,
            PoolOpKernelSizes = topology.PoolOpKernelSizes,
            ConvKernelSizes = topology.ConvKernelSizes,
        };
    }

    static long Estimate(NetworkTopology topology, int baseFeatures, int numModalities, int numClasses) =>
        VramEstimate.Compute(topology.PatchSize, baseFeatures, MaxNumFeatures, numModalities, numClasses,
            topology.PoolOpKernelSizes);
}
