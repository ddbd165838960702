namespace NnUNet.Core.Planning;

/// <summary>
/// The outcome of planning a dataset. 2D is always planned; the 3D configurations can be skipped (then
/// <see cref="Plans3D"/> is null and <see cref="Skipped3DReason"/> says why, for the user to read).
/// </summary>
public sealed record PlanningResult
{
    /// <summary>3d_fullres (and 3d_lowres when needed), or null when 3D was skipped.</summary>
    public required ExperimentPlans? Plans3D { get; init; }

    /// <summary>Why the 3D configurations were skipped; null when they were planned.</summary>
    public required string? Skipped3DReason { get; init; }

    /// <summary>The 2d configuration.</summary>
    public required ExperimentPlans Plans2D { get; init; }

    public required PlanningDiagnostics Diagnostics { get; init; }

    /// <summary>Configurations available for training, in v1 order.</summary>
    public IReadOnlyList<string> AvailableConfigurations =>
        Configurations.All.Where(c => Plans2D.HasConfiguration(c) || (Plans3D?.HasConfiguration(c) ?? false)).ToList();

    /// <summary>
    /// Writes <see cref="ExperimentPlans.FileName2D"/> and, when planned, <see cref="ExperimentPlans.FileName3D"/>
    /// into <paramref name="folder"/>. A stale 3D plans file from an earlier run is removed when 3D was skipped.
    /// </summary>
    public void Write(string folder)
    {
        Plans2D.Write(Path.Combine(folder, ExperimentPlans.FileName2D));
        string path3D = Path.Combine(folder, ExperimentPlans.FileName3D);
        if (Plans3D != null) Plans3D.Write(path3D);
        else if (File.Exists(path3D)) File.Delete(path3D);
    }
}
