using System.Diagnostics;

namespace NnUNet.Core.Preprocessing;

/// <summary>
/// Measures phases: wall and CPU time, and the peak working set, sampled every few milliseconds while the phase
/// runs (the process-wide peak cannot be reset between phases).
/// </summary>
public sealed class PhaseRecorder
{
    const int SampleMilliseconds = 10;

    readonly List<PhaseMeasurement> _phases = [];

    public IReadOnlyList<PhaseMeasurement> Phases => _phases;

    /// <summary>Runs <paramref name="work"/> as the phase <paramref name="name"/> and records it.</summary>
    public T Measure<T>(string name, int cases, long voxels, Func<T> work) => Measure(name, cases, _ => voxels, work);

    /// <summary>As above, with the voxels handled known only from the result.</summary>
    public T Measure<T>(string name, int cases, Func<T, long> voxelsOf, Func<T> work)
    {
        long peak = Environment.WorkingSet;
        using var sampler = new Timer(_ => InterlockedMax(ref peak, Environment.WorkingSet), null, 0, SampleMilliseconds);
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        T result = work();
        double wall = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        sampler.Dispose();
        InterlockedMax(ref peak, Environment.WorkingSet);
        _phases.Add(new PhaseMeasurement(name, cases, voxelsOf(result), wall, cpuSeconds, Interlocked.Read(ref peak)));
        return result;
    }

    public void Measure(string name, int cases, long voxels, Action work) =>
        Measure(name, cases, voxels, () => { work(); return true; });

    static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)))
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
    }
}
