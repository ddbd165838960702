namespace NnUNet.Core.Imaging;

/// <summary>Reads NIfTI-1/NIfTI-2 files (.nii, .nii.gz) into engine order.</summary>
public static class NiftiReader
{
    /// <summary>
    /// Reads an image. 4D files become channels; 2D files become z = 1. scl_slope/scl_inter are applied.
    /// Throws <see cref="NnUNet.Abstractions.InvalidInputException"/> naming the file for any bad file.
    /// </summary>
    public static Image Read(string path) => throw new NotImplementedException();
}
