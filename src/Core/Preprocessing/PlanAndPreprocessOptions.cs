namespace NnUNet.Core.Preprocessing;

/// <summary>What <see cref="PlanAndPreprocess.Run"/> does (the options of v1 nnUNet_plan_and_preprocess).</summary>
public sealed record PlanAndPreprocessOptions
{
    /// <summary>Plan (and preprocess) the 3D configurations (ExperimentPlanner3D_v21); false is -pl3d None.</summary>
    public bool Plan3D { get; init; } = true;

    /// <summary>Plan (and preprocess) the 2d configuration (ExperimentPlanner2D_v21); false is -pl2d None.</summary>
    public bool Plan2D { get; init; } = true;

    /// <summary>Preprocess after planning; false is -no_pp (fingerprint and plans only).</summary>
    public bool Preprocess { get; init; } = true;

    /// <summary>Verify the raw dataset first (--verify_dataset_integrity); any error stops the run.</summary>
    public bool VerifyIntegrity { get; init; }

    /// <summary>Threads (cases in parallel) for the 3d_lowres stage (-tl).</summary>
    public int LowResThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Threads for the fingerprint and the full-resolution stages (3d_fullres, 2d) (-tf).</summary>
    public int FullResThreads { get; init; } = Environment.ProcessorCount;
}
