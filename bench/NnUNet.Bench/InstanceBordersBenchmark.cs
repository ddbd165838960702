using System.Diagnostics;
using NnUNet.Core.Conversion;
using NnUNet.Core.Imaging;

namespace NnUNet.Bench;

/// <summary>
/// Task076's label conversion (InstanceBorders with the anisotropic ball of radius 0.5 at spacing 0.2, 0.125, 0.125)
/// on a generated frame the size of Fluo-N3DH-SIM+ (default 60 x 350 x 500) with 40 ellipsoid cells, against the
/// floor of one pass over the volume. Options: instances, z, y, x.
/// </summary>
public sealed class InstanceBordersBenchmark : IBenchmark
{
    public string Name => "borders";
    public string Description => "Task076 cell/border labels of one CTC-sized frame vs one pass over it (args: instances z y x)";

    public void Run(string[] args)
    {
        int instances = args.Length > 0 ? int.Parse(args[0]) : 40;
        int[] shape = args.Length > 3 ? [int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3])] : [60, 350, 500];
        float[] labels = Generate(shape, instances);
        StructuringElement ball = StructuringElement.AnisotropicBall([0.2, 0.125, 0.125], 0.5);
        int foreground = labels.Count(v => v != 0);

        var clock = Stopwatch.StartNew();
        float sum = 0;
        foreach (float v in labels) sum += v;
        double pass = clock.Elapsed.TotalSeconds;
        clock.Restart();
        float[] borders = InstanceBorders.Compute(labels, shape, ball);
        double compute = clock.Elapsed.TotalSeconds;

        Console.WriteLine($"{string.Join(" x ", shape)} voxels, {foreground} in {instances} cells, ball {string.Join(" x ", ball.Shape)} with {ball.Offsets.Length} members");
        Console.WriteLine($"one pass (baseline): {pass * 1000:F1} ms (sum {sum})");
        Console.WriteLine($"cell/border labels:  {compute * 1000:F0} ms ({borders.Count(v => v == InstanceBorders.Border)} border voxels)");
    }

    static float[] Generate(int[] shape, int instances)
    {
        var random = new Random(76);
        var labels = new float[shape[0] * shape[1] * shape[2]];
        for (int n = 1; n <= instances; n++)
        {
            // An ellipsoid of 4-10 slices and 20-40 pixels across, like the simulated nuclei.
            double cz = random.Next(shape[0]), cy = random.Next(shape[1]), cx = random.Next(shape[2]);
            double rz = random.Next(4, 10), ry = random.Next(10, 20), rx = random.Next(10, 20);
            for (int z = Math.Max(0, (int)(cz - rz)); z < Math.Min(shape[0], cz + rz); z++)
            for (int y = Math.Max(0, (int)(cy - ry)); y < Math.Min(shape[1], cy + ry); y++)
            for (int x = Math.Max(0, (int)(cx - rx)); x < Math.Min(shape[2], cx + rx); x++)
            {
                double d = Math.Pow((z - cz) / rz, 2) + Math.Pow((y - cy) / ry, 2) + Math.Pow((x - cx) / rx, 2);
                if (d <= 1) labels[(z * shape[1] + y) * shape[2] + x] = n;
            }
        }
        return labels;
    }
}
