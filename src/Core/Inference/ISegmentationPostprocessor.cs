using NnUNet.Core.Imaging;

namespace NnUNet.Core.Inference;

/// <summary>
/// Postprocessing decided after training (a <c>postprocessing.json</c>, spec §9: keep the largest connected
/// component of the listed classes), applied in place to an exported segmentation before it is written.
/// Obtained from <see cref="SegmentationPostprocessing.Load"/>.
/// </summary>
public interface ISegmentationPostprocessor
{
    /// <summary>Changes <paramref name="segmentation"/> in place.</summary>
    void Apply(LabelMap segmentation);
}
