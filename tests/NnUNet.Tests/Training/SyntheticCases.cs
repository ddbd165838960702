using NnUNet.Core.Preprocessing;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Training;

/// <summary>Small preprocessed cases written to a temporary folder for the sampler, pipeline and producer tests.</summary>
internal static class SyntheticCases
{
    /// <summary>
    /// Writes a case whose data value encodes the voxel ((c+1) * 1e6 + z * 1e4 + y * 100 + x, so any misplaced
    /// copy shows), background 0 with -1 in the first x column (outside the nonzero mask), and the label
    /// <paramref name="label"/> in the box [lower, upper) whose voxels are all stored as class locations.
    /// </summary>
    public static PreprocessedCase Write(TempDirectory dir, string id, int channels, int[] shape, int[] lower, int[] upper, int label = 1)
    {
        int n = shape[0] * shape[1] * shape[2];
        var data = new float[channels * n];
        var seg = new float[n];
        var locations = new List<int[]>();
        for (int c = 0; c < channels; c++)
            for (int z = 0, i = 0; z < shape[0]; z++)
                for (int y = 0; y < shape[1]; y++)
                    for (int x = 0; x < shape[2]; x++, i++)
                        data[c * n + i] = Value(c, z, y, x);
        for (int z = 0, i = 0; z < shape[0]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[2]; x++, i++)
                {
                    bool inside = z >= lower[0] && z < upper[0] && y >= lower[1] && y < upper[1] && x >= lower[2] && x < upper[2];
                    seg[i] = inside ? label : x == 0 ? -1 : 0;
                    if (inside) locations.Add([z, y, x]);
                }
        var properties = CaseProperties.AsStored(id, shape) with
        {
            Classes = locations.Count > 0 ? [0, label] : [0],
            ClassLocations = locations.Count > 0 ? new Dictionary<int, int[][]> { [label] = [.. locations] } : new Dictionary<int, int[][]>(),
        };
        PreprocessedCase.Write(dir.Path, data, channels, shape, seg, properties);
        return PreprocessedCase.Open(dir.Path, id);
    }

    public static float Value(int c, int z, int y, int x) => (c + 1) * 1e6f + z * 1e4f + y * 100 + x;
}
