namespace NnUNet.Core.Imaging;

/// <summary>Writes NIfTI-1 files (.nii, .nii.gz) from engine order.</summary>
public static class NiftiWriter
{
    /// <summary>Writes the image with its geometry (sform and qform) as the given datatype, atomically.</summary>
    public static void Write(string path, Image image, NiftiDataType dataType = NiftiDataType.Float32) =>
        throw new NotImplementedException();
}
