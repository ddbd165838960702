namespace NnUNet.Core.Planning;

/// <summary>One step of the v1 memory-driven patch shrink loop (spec §4.5, shared by the 3D and 2D planners).</summary>
public static class PatchShrink
{
    /// <summary>
    /// Shrinks the axis whose patch is largest relative to the median shape (the last such axis on ties,
    /// as numpy's <c>argsort(...)[-1]</c> picks it). The step is the divisibility factor of the patch AFTER
    /// subtracting the current factor, so 224 is reached between 256 and 192 instead of being skipped.
    /// Returns the unpadded new patch; the caller recomputes the topology (which pads it).
    /// </summary>
    public static IReadOnlyList<int> ReduceOneStep(IReadOnlyList<double> spacing, NetworkTopology topology,
        IReadOnlyList<int> medianShape)
    {
        int[] patch = topology.PatchSize.ToArray();
        double[] ratio = patch.Select((p, i) => (double)p / medianShape[i]).ToArray();
        int axis = NumpyStatistics.ArgsortLast(ratio);

        int[] candidate = (int[])patch.Clone();
        candidate[axis] -= topology.ShapeMustBeDivisibleBy[axis];
        int step = NetworkTopology.Compute(spacing, candidate).ShapeMustBeDivisibleBy[axis];
        patch[axis] -= step;
        return patch;
    }
}
