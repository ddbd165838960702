namespace NnUNet.Core.Training;

/// <summary>
/// Where one sample's enlarged patch lies: the case, the box's lower corner in the case's (z, y, x) voxel grid
/// (may be negative or reach past the volume: the outside is padded), and whether foreground was forced.
/// For the 2d configuration <see cref="Z"/> is the chosen slice.
/// </summary>
/// <param name="SelectedClass">The forced class, or 0 when the box was drawn uniformly.</param>
public readonly record struct PatchLocation(int CaseIndex, int Z, int Y, int X, bool ForcedForeground, int SelectedClass)
{
    public int this[int axis] => axis switch
    {
        0 => Z,
        1 => Y,
        2 => X,
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };
}
