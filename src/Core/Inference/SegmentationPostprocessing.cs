using NnUNet.Abstractions;

namespace NnUNet.Core.Inference;

/// <summary>
/// The one place prediction and ensembling get a postprocessor for a <c>postprocessing.json</c>. The connected
/// component postprocessing itself belongs to Evaluation (spec §9) and is not part of this build yet, so loading
/// one is a clear error instead of a silent skip.
/// </summary>
public static class SegmentationPostprocessing
{
    /// <summary>Whether <see cref="Load"/> can apply postprocessing files in this build.</summary>
    public static bool IsAvailable => false;

    /// <summary>The postprocessor described by <paramref name="path"/>.</summary>
    public static ISegmentationPostprocessor Load(string path) =>
        throw new InvalidInputException($"{path}: applying postprocessing files is not implemented in this build yet; " +
                                        "run without it and postprocess the written segmentations separately.");
}
