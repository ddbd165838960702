using NnUNet.Core.Evaluation;

namespace NnUNet.Core.Inference;

/// <summary>
/// The one place prediction and ensembling get a postprocessor for a <c>postprocessing.json</c>: the
/// largest-connected-component postprocessing that Evaluation determines (spec §9, <see cref="Postprocessing"/>).
/// </summary>
public static class SegmentationPostprocessing
{
    /// <summary>
    /// The postprocessor described by <paramref name="path"/>; a missing or unusable file is an
    /// <see cref="NnUNet.Abstractions.InvalidInputException"/> naming it.
    /// </summary>
    public static ISegmentationPostprocessor Load(string path) => Postprocessing.Load(path);
}
