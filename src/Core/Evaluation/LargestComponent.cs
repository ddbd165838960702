using NnUNet.Core.Imaging;

namespace NnUNet.Core.Evaluation;

/// <summary>nnU-Net v1's "keep only the largest connected component" of a class or of merged classes (spec §9).</summary>
public static class LargestComponent
{
    /// <summary>
    /// Sets to background (0) every 6-connected component of the voxels labelled with one of
    /// <paramref name="classes"/> that is smaller than the largest; components as large as the largest all stay
    /// (v1 removes only those whose size differs from the maximum). Returns the number of voxels removed.
    /// </summary>
    public static long Keep(Span<float> labels, int[] shape, IReadOnlyCollection<int> classes)
    {
        var components = ConnectedComponents.Find(labels, shape, classes);
        return components.Count <= 1 ? 0 : components.Remove(labels, Smaller(components));
    }

    /// <inheritdoc cref="Keep(Span{float}, int[], IReadOnlyCollection{int})"/>
    public static long Keep(LabelMap labels, IReadOnlyCollection<int> classes)
    {
        var components = ConnectedComponents.Find(labels, classes);
        return components.Count <= 1 ? 0 : components.Remove(labels, Smaller(components));
    }

    static Func<int, bool> Smaller(ConnectedComponents components)
    {
        long largest = components.Sizes.Max();
        return c => components.Sizes[c] != largest;
    }
}
