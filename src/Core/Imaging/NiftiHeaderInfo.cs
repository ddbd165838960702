namespace NnUNet.Core.Imaging;

/// <summary>
/// What a NIfTI header says about its image, read without the voxel data (see <see cref="NiftiReader.ReadHeader"/>).
/// </summary>
/// <param name="Path">The file the header was read from.</param>
/// <param name="Version">1 for NIfTI-1, 2 for NIfTI-2.</param>
/// <param name="SpatialDimensions">Spatial dimensions in the file (2 for a 2D image; min(dim[0], 3)).</param>
/// <param name="Shape">Spatial shape (z, y, x); a 2D file has z = 1.</param>
/// <param name="Channels">Product of the dimensions beyond the third (dim[4..]): MSD modalities, or 1.</param>
/// <param name="DataType">Datatype of the stored voxels.</param>
/// <param name="Geometry">Spacing, origin and direction as <see cref="NiftiReader.Read"/> reports them.</param>
/// <param name="ScaleSlope">Slope applied on read (1 when the file is unscaled).</param>
/// <param name="ScaleIntercept">Intercept applied on read (0 when the file is unscaled).</param>
public sealed record NiftiHeaderInfo(
    string Path,
    int Version,
    int SpatialDimensions,
    int[] Shape,
    int Channels,
    NiftiDataType DataType,
    ImageGeometry Geometry,
    double ScaleSlope,
    double ScaleIntercept)
{
    /// <summary>Voxels per channel.</summary>
    public long VoxelsPerChannel => (long)Shape[0] * Shape[1] * Shape[2];
}
