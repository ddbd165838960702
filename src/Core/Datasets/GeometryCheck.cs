using System.Globalization;
using NnUNet.Core.Imaging;

namespace NnUNet.Core.Datasets;

/// <summary>Compares the grids of two images as nnU-Net's integrity check does (spec §1, numpy isclose).</summary>
internal static class GeometryCheck
{
    // numpy.isclose defaults, used by nnU-Net v1 for spacing, origin and direction: |a - b| <= atol + rtol * |b|.
    public const double RelativeTolerance = 1e-5;
    public const double AbsoluteTolerance = 1e-8;

    public static bool IsClose(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        a.Count == b.Count && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(p.Second));

    public static string Format(IEnumerable<double> values) =>
        "(" + string.Join(", ", values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture))) + ")";

    public static string Format(IEnumerable<int> values) => "(" + string.Join(", ", values) + ")";

    /// <summary>
    /// nibabel-style axis codes (e.g. "LPS", "RAS") of an image: for each index axis x, y, z, the RAS world
    /// axis its direction is closest to, and the end it points to. ITK directions are LPS, so x and y flip.
    /// </summary>
    public static string AxisCodes(ImageGeometry geometry)
    {
        double[] d = geometry.Direction;
        var codes = new char[3];
        for (int axis = 0; axis < 3; axis++)
        {
            int best = 0;
            for (int row = 1; row < 3; row++)
                if (Math.Abs(d[row * 3 + axis]) > Math.Abs(d[best * 3 + axis])) best = row;
            double ras = best < 2 ? -d[best * 3 + axis] : d[best * 3 + axis];
            codes[axis] = best switch
            {
                0 => ras > 0 ? 'R' : 'L',
                1 => ras > 0 ? 'A' : 'P',
                _ => ras > 0 ? 'S' : 'I',
            };
        }
        return new string(codes);
    }
}
