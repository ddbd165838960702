using NnUNet.Core.Imaging;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Turns an instance segmentation (0 background, every other value one object) into nnU-Net's cell/border labels
/// (spec §2, Task076 and Task089): each instance is eroded on its own with the structuring element; voxels the
/// erosion removes become <see cref="Border"/>, the rest of the instance <see cref="Cell"/>.
/// </summary>
public static class InstanceBorders
{
    public const float Background = 0, Cell = 1, Border = 2;

    /// <summary>The label map (same shape) for <paramref name="instances"/> of shape (z, y, x).</summary>
    public static float[] Compute(ReadOnlySpan<float> instances, int[] shape, StructuringElement element)
    {
        var labels = new float[instances.Length];
        for (int i = 0; i < instances.Length; i++)
            if (instances[i] != 0)
                labels[i] = BinaryMorphology.IsInterior(instances, shape, i, element) ? Cell : Border;
        return labels;
    }
}
