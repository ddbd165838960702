namespace NnUNet.Core.Planning;

/// <summary>Intermediate values of planning, for logs and for checking against the original planner.</summary>
public sealed record PlanningDiagnostics
{
    /// <summary>Plain per-axis median spacing (z, y, x); also the 2D planner's target spacing.</summary>
    public required IReadOnlyList<double> MedianSpacing { get; init; }

    /// <summary>3D target spacing (z, y, x) after the v21 anisotropy rule.</summary>
    public required IReadOnlyList<double> TargetSpacing3D { get; init; }

    /// <summary>Whether the v21 10th-percentile rule (spec §4.1) moved the coarse axis away from its median.</summary>
    public required bool P10RuleChangedTarget { get; init; }

    /// <summary>Median case shape at the 3D target spacing, transposed, unrounded.</summary>
    public required IReadOnlyList<double> MedianShapeTransposed3D { get; init; }

    /// <summary>Median case shape at the 2D (plain median) target spacing, transposed, unrounded.</summary>
    public required IReadOnlyList<double> MedianShapeTransposed2D { get; init; }

    /// <summary>How many 3d_lowres candidates the 1.01-step loop planned (0 when no lowres was needed).</summary>
    public int LowresIterations { get; init; }

    /// <summary>The last 3d_lowres candidate when it was dropped for not halving the voxels; else null.</summary>
    public StagePlan? RejectedLowresCandidate { get; init; }
}
