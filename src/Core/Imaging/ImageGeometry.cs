namespace NnUNet.Core.Imaging;

/// <summary>
/// Where an image lies in physical space, as SimpleITK reports it for the file.
/// Spacing is in engine order (z, y, x); origin and direction are physical (ITK LPS, x/y/z),
/// because they describe the patient coordinate system, not an array axis order.
/// </summary>
/// <param name="Spacing">Voxel size in millimetres, (z, y, x).</param>
/// <param name="Origin">Physical position of voxel (0,0,0), ITK LPS (x, y, z).</param>
/// <param name="Direction">3x3 direction cosines, row-major as ITK's GetDirection(): column j is the
/// physical direction of index axis j (x, y, z).</param>
public sealed record ImageGeometry(double[] Spacing, double[] Origin, double[] Direction)
{
    /// <summary>Unit spacing, zero origin, identity direction.</summary>
    public static ImageGeometry Identity => new([1, 1, 1], [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]);

    /// <summary>A copy with another spacing (z, y, x); origin and direction are kept.</summary>
    public ImageGeometry WithSpacing(double[] spacing) => this with { Spacing = (double[])spacing.Clone() };
}
