using NnUNet.Core.Planning;

namespace NnUNet.Core.Preprocessing;

/// <summary>What one <see cref="PlanAndPreprocess.Run"/> produced and how long each phase took.</summary>
public sealed record PlanAndPreprocessReport
{
    /// <summary>The preprocessed task folder written.</summary>
    public required string OutputFolder { get; init; }

    public required DatasetFingerprint Fingerprint { get; init; }

    public required PlanningResult Planning { get; init; }

    /// <summary>Stage folders written (names inside <see cref="OutputFolder"/>), empty with -no_pp.</summary>
    public required IReadOnlyList<string> StageFolders { get; init; }

    /// <summary>fingerprint, planning, then one entry per preprocessed stage.</summary>
    public required IReadOnlyList<PhaseMeasurement> Phases { get; init; }

    /// <summary>Peak working set of the process over its whole life, in bytes.</summary>
    public required long ProcessPeakWorkingSetBytes { get; init; }
}
