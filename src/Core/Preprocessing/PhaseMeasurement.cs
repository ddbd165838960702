namespace NnUNet.Core.Preprocessing;

/// <summary>Time and memory of one phase of plan_and_preprocess.</summary>
/// <param name="Name">fingerprint, planning, or the configuration a stage was preprocessed for (3d_lowres, 3d_fullres, 2d).</param>
/// <param name="Cases">Cases handled (0 for planning).</param>
/// <param name="Voxels">Raw voxels read (all channels, before cropping); 0 for planning.</param>
/// <param name="WallSeconds">Elapsed time.</param>
/// <param name="CpuSeconds">Process CPU time used during the phase (all threads).</param>
/// <param name="PeakWorkingSetBytes">Largest working set of the process seen during the phase (sampled).</param>
public sealed record PhaseMeasurement(string Name, int Cases, long Voxels, double WallSeconds, double CpuSeconds, long PeakWorkingSetBytes)
{
    public double SecondsPerCase => Cases > 0 ? WallSeconds / Cases : 0;

    public double VoxelsPerSecond => WallSeconds > 0 ? Voxels / WallSeconds : 0;
}
