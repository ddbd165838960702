namespace NnUNet.Core.Training;

/// <summary>
/// Spatial extent (z, y, x) of a patch or volume. The training pipeline always works with three spatial axes:
/// a 2d-configuration patch is (1, y, x), so its arrays have the same C-order layout as (y, x).
/// </summary>
public readonly record struct PatchShape(int Z, int Y, int X)
{
    public int Voxels => Z * Y * X;

    public int this[int axis] => axis switch
    {
        0 => Z,
        1 => Y,
        2 => X,
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    /// <summary>(z, y, x) from three sizes, or (1, y, x) from two (a 2D patch).</summary>
    public static PatchShape From(IReadOnlyList<int> sizes) => sizes.Count switch
    {
        3 => new PatchShape(sizes[0], sizes[1], sizes[2]),
        2 => new PatchShape(1, sizes[0], sizes[1]),
        _ => throw new ArgumentException($"A patch has 2 or 3 spatial axes, not {sizes.Count}."),
    };

    public int[] ToArray() => [Z, Y, X];

    public override string ToString() => $"{Z}x{Y}x{X}";
}
