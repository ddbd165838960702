namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// Nearest-neighbour resize as skimage.transform.resize with order 0 (scipy underneath): pixel-centre mapping
/// source = (i + 0.5) * in/out - 0.5, rounded half up, clamped to the edge.
/// </summary>
internal static class NearestResize
{
    public static void Resize(ReadOnlySpan<float> source, PatchShape shape, Span<float> target, PatchShape targetShape)
    {
        if (source.Length != shape.Voxels || target.Length != targetShape.Voxels)
            throw new ArgumentException("Buffers do not match their shapes.");
        Span<int> zIndex = stackalloc int[targetShape.Z], yIndex = stackalloc int[targetShape.Y], xIndex = stackalloc int[targetShape.X];
        Indices(shape.Z, zIndex);
        Indices(shape.Y, yIndex);
        Indices(shape.X, xIndex);
        int i = 0;
        foreach (int z in zIndex)
            foreach (int y in yIndex)
            {
                var row = source.Slice((z * shape.Y + y) * shape.X, shape.X);
                foreach (int x in xIndex) target[i++] = row[x];
            }
    }

    /// <summary>Source index of every target position when resizing a line of n to indices.Length.</summary>
    public static void Indices(int n, Span<int> indices)
    {
        double ratio = (double)n / indices.Length;
        for (int i = 0; i < indices.Length; i++)
            indices[i] = Math.Clamp((int)Math.Floor((i + 0.5) * ratio - 0.5 + 0.5), 0, n - 1);
    }
}
