using NnUNet.Core.Preprocessing;

namespace NnUNet.Bench;

/// <summary>A CT-like preprocessed case for the training benchmarks: two nested spheres (labels 2 and 1) on background.</summary>
internal static class NestedSpheresCase
{
    /// <summary>
    /// Writes the case (intensity = label + uniform noise) with every <paramref name="locationEvery"/>-th foreground voxel,
    /// on average, as a class location, and opens it.
    /// </summary>
    public static PreprocessedCase Write(string folder, string id, int[] shape, int seed, double innerRadius, double outerRadius, int locationEvery)
    {
        int n = shape[0] * shape[1] * shape[2];
        var random = new Random(seed);
        var data = new float[n];
        var seg = new float[n];
        var locations = new Dictionary<int, List<int[]>> { [1] = [], [2] = [] };
        for (int z = 0, i = 0; z < shape[0]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[2]; x++, i++)
                {
                    double r = Math.Sqrt(Math.Pow(z - shape[0] / 2.0, 2) + Math.Pow(y - shape[1] / 2.0, 2) + Math.Pow(x - shape[2] / 2.0, 2));
                    seg[i] = r < innerRadius ? 2 : r < outerRadius ? 1 : 0;
                    data[i] = (float)(seg[i] + 0.3 * random.NextDouble() - 0.5);
                    if (seg[i] > 0 && random.Next(locationEvery) == 0) locations[(int)seg[i]].Add([z, y, x]);
                }
        var properties = CaseProperties.AsStored(id, shape) with
        {
            Classes = [0, 1, 2],
            ClassLocations = locations.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
        };
        PreprocessedCase.Write(folder, data, 1, shape, seg, properties);
        return PreprocessedCase.Open(folder, id);
    }
}
