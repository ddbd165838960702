namespace NnUNet.Core.Training.Augmentation;

/// <summary>Cleanup (spec §7 "cleanup", v1 RemoveLabelTransform(-1, 0)): the outside label -1 becomes background 0.</summary>
public static class SegmentationCleanup
{
    const float OutsideLabel = -1f;

    public static void Apply(Span<float> segmentation)
    {
        for (int i = 0; i < segmentation.Length; i++)
            if (segmentation[i] == OutsideLabel) segmentation[i] = 0;
    }
}
