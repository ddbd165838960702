using System.Diagnostics;
using NnUNet.Core.Numerics;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Bench;

/// <summary>
/// Class-location sampling on a CT-sized label volume (300 x 512 x 512 float32: -1 outside a body cylinder,
/// an organ of ~4.2M voxels, a lesion of ~65k, a speck of 27). Baseline: the direct route, np.argwhere per class
/// (one pass per class collecting every coordinate) then choice().
/// </summary>
public sealed class ClassLocationsBenchmark : IBenchmark
{
    public string Name => "classlocations";

    public string Description => "ClassLocationSampler on 300x512x512 vs argwhere-per-class + choice";

    public void Run(string[] args)
    {
        int[] shape = [300, 512, 512];
        float[] labels = MakeVolume(shape);
        int[] classes = [1, 2, 3];
        for (int c = 1; c <= 3; c++) Console.WriteLine($"class {c}: {labels.Count(v => v == c)} voxels");

        IReadOnlyDictionary<int, int[,]> result = ClassLocationSampler.Sample<float>(labels, shape, classes); // warm-up
        double ours = Time(() => result = ClassLocationSampler.Sample<float>(labels, shape, classes));
        int[][,] baseline = [];
        double direct = Time(() => baseline = ArgWhereThenChoice(labels, shape, classes));
        for (int c = 0; c < classes.Length; c++)
        {
            if (!result[classes[c]].Cast<int>().SequenceEqual(baseline[c].Cast<int>()))
                throw new InvalidOperationException($"class {classes[c]}: results differ from the baseline");
        }
        Console.WriteLine($"ClassLocationSampler      {ours,8:F0} ms");
        Console.WriteLine($"argwhere per class+choice {direct,8:F0} ms   ({direct / ours:F2}x slower)");
    }

    static double Time(Action action)
    {
        const int Repeats = 3;
        double best = double.MaxValue;
        for (int r = 0; r < Repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    static float[] MakeVolume(int[] shape)
    {
        var labels = new float[shape[0] * shape[1] * shape[2]];
        for (int z = 0; z < shape[0]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[2]; x++)
                {
                    double dy = (y - 256) / 240.0, dx = (x - 256) / 240.0;
                    double organ = Sq((z - 150) / 60.0) + Sq((y - 220) / 110.0) + Sq((x - 300) / 80.0);
                    double lesion = Sq((z - 140) / 25.0) + Sq((y - 230) / 25.0) + Sq((x - 310) / 25.0);
                    float v = dy * dy + dx * dx > 1 ? -1 : 0;
                    if (organ <= 1) v = 1;
                    if (lesion <= 1) v = 2;
                    if (Math.Abs(z - 40) <= 1 && Math.Abs(y - 256) <= 1 && Math.Abs(x - 256) <= 1) v = 3;
                    labels[(z * shape[1] + y) * shape[2] + x] = v;
                }
        return labels;
    }

    static double Sq(double v) => v * v;

    static int[][,] ArgWhereThenChoice(float[] labels, int[] shape, int[] classes)
    {
        var rng = new NumpyRandomState(ClassLocationSampler.Seed);
        var result = new int[classes.Length][,];
        for (int c = 0; c < classes.Length; c++)
        {
            var all = new List<(int, int, int)>();
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] == classes[c]) all.Add((i / (shape[1] * shape[2]), i / shape[2] % shape[1], i % shape[2]));
            int[] chosen = all.Count == 0 ? [] : rng.Choice(all.Count, ClassLocationSampler.SampleCount(all.Count));
            result[c] = new int[chosen.Length, 3];
            for (int r = 0; r < chosen.Length; r++) (result[c][r, 0], result[c][r, 1], result[c][r, 2]) = all[chosen[r]];
        }
        return result;
    }
}
