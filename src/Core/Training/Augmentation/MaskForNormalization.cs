namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Mask step (spec §7 "mask", v1 MaskTransform): channels normalised with the nonzero mask (use_mask_for_norm) are
/// set to 0 where the segmentation is negative (outside the mask or the image), undoing what augmentation smeared there.
/// </summary>
public static class MaskForNormalization
{
    public static void Apply(Span<float> data, int channels, ReadOnlySpan<float> segmentation, IReadOnlyList<bool> useMaskForNormalization)
    {
        int voxels = segmentation.Length;
        for (int c = 0; c < channels && c < useMaskForNormalization.Count; c++)
        {
            if (!useMaskForNormalization[c]) continue;
            var channel = data.Slice(c * voxels, voxels);
            for (int i = 0; i < voxels; i++)
                if (segmentation[i] < 0) channel[i] = 0;
        }
    }
}
