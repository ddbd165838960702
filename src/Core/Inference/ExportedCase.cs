using NnUNet.Core.Imaging;
using NnUNet.Core.Preprocessing;

namespace NnUNet.Core.Inference;

/// <summary>A case exported to its raw image's grid.</summary>
/// <param name="Segmentation">The labels, with the raw image's shape and geometry.</param>
/// <param name="Classes">Number of classes, background included.</param>
/// <param name="Probabilities">When requested: float16 (classes, z, y, x) at the raw shape, zeros outside the crop box.</param>
/// <param name="Properties">The case's properties (stored beside saved probabilities).</param>
public sealed record ExportedCase(LabelMap Segmentation, int Classes, Half[]? Probabilities, CaseProperties Properties)
{
    /// <summary>Writes the segmentation (and, when kept, the probabilities file beside it), each atomically.</summary>
    /// <param name="segmentationPath">CASE.nii.gz.</param>
    /// <param name="probabilitiesPath">CASE.npz, or null to skip it.</param>
    public void Write(string segmentationPath, string? probabilitiesPath)
    {
        if (probabilitiesPath is not null)
        {
            if (Probabilities is null) throw new InvalidOperationException("The probabilities were not kept at export.");
            ProbabilitiesFile.Write(probabilitiesPath, Probabilities, Classes, Segmentation.Shape, Properties);
        }
        NiftiWriter.Write(segmentationPath, Segmentation);
    }
}
