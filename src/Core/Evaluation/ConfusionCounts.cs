namespace NnUNet.Core.Evaluation;

/// <summary>Voxel counts of one label in one case: prediction (test) against reference.</summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>All voxels of the case.</summary>
    public long Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>The prediction has no voxel of the label.</summary>
    public bool TestEmpty => TruePositives + FalsePositives == 0;

    /// <summary>The reference has no voxel of the label.</summary>
    public bool ReferenceEmpty => TruePositives + FalseNegatives == 0;

    /// <summary>Every voxel of the prediction has the label.</summary>
    public bool TestFull => TrueNegatives + FalseNegatives == 0;

    /// <summary>Every voxel of the reference has the label.</summary>
    public bool ReferenceFull => TrueNegatives + FalsePositives == 0;
}
