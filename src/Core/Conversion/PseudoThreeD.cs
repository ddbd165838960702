using NnUNet.Core.Imaging;

namespace NnUNet.Core.Conversion;

/// <summary>
/// 2D images as nnU-Net v1 expects them (spec §1): pseudo-3D volumes of shape (1, H, W) whose dummy first axis has
/// spacing 999, so that the planner sees the z axis as far coarser than any in-plane axis and plans the 2d configuration.
/// </summary>
public static class PseudoThreeD
{
    /// <summary>Spacing of the dummy axis (spec §1, convert_2d_image_to_nifti).</summary>
    public const double DummySpacing = 999;

    /// <summary>Identity placement with spacing (999, <paramref name="spacingY"/>, <paramref name="spacingX"/>).</summary>
    public static ImageGeometry Geometry(double spacingY = 1, double spacingX = 1) =>
        ImageGeometry.Identity with { Spacing = [DummySpacing, spacingY, spacingX] };
}
