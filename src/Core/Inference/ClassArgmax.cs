using System.Numerics;

namespace NnUNet.Core.Inference;

/// <summary>
/// The most probable class per voxel of class-major probabilities (classes, voxels), as numpy's argmax over axis 0:
/// the first class with the largest value wins ties.
/// </summary>
public static class ClassArgmax
{
    /// <summary>
    /// labels[i] = argmax over c of probabilities[c * <paramref name="classStride"/> + <paramref name="start"/> + i],
    /// for every i &lt; labels.Length.
    /// </summary>
    public static void Run(ReadOnlySpan<float> probabilities, int classes, int classStride, int start, Span<int> labels)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes));
        if (start < 0 || start + labels.Length > classStride || (long)(classes - 1) * classStride + start + labels.Length > probabilities.Length)
            throw new ArgumentException("The voxels lie outside the probabilities.", nameof(labels));
        int n = labels.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            int width = Vector<float>.Count;
            for (; i + width <= n; i += width)
            {
                var best = new Vector<float>(probabilities.Slice(start + i, width));
                var index = Vector<int>.Zero;
                for (int c = 1; c < classes; c++)
                {
                    var value = new Vector<float>(probabilities.Slice(c * classStride + start + i, width));
                    var greater = Vector.GreaterThan(value, best);
                    best = Vector.ConditionalSelect(greater, value, best);
                    index = Vector.ConditionalSelect(greater, new Vector<int>(c), index);
                }
                index.CopyTo(labels.Slice(i, width));
            }
        }
        for (; i < n; i++)
        {
            float best = probabilities[start + i];
            int index = 0;
            for (int c = 1; c < classes; c++)
            {
                float value = probabilities[c * classStride + start + i];
                if (value > best)
                {
                    best = value;
                    index = c;
                }
            }
            labels[i] = index;
        }
    }
}
