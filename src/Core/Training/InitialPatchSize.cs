using NnUNet.Core.Training.Augmentation;

namespace NnUNet.Core.Training;

/// <summary>
/// The enlarged patch the sampler reads so that rotation and scaling find image content in every output voxel
/// (spec §7 "Initial (enlarged) patch", batchgenerators get_patch_size): the patch extent vector is rotated
/// separately about each axis by that axis' largest rotation angle (capped at 90 deg), the largest absolute extent
/// per axis is kept, divided by the smallest scale of the DEFAULT range and truncated.
/// </summary>
public static class InitialPatchSize
{
    const double MaxRotation = Math.PI / 2;     // spec §7: angle capped at 90 deg
    const double SmallestDefaultScale = 0.85;   // spec §7: min of the default scale range (0.85, 1.25), not of 0.7-1.4

    /// <summary>The enlarged patch for a patch of 2 (y, x) or 3 (z, y, x) axes; the patch itself without augmentation.</summary>
    public static int[] Compute(IReadOnlyList<int> patchSize, AugmentationParameters parameters)
    {
        if (patchSize.Count != parameters.SpatialDimensions)
            throw new ArgumentException($"Patch size has {patchSize.Count} axes but the augmentation is {parameters.SpatialDimensions}D.");
        if (!parameters.Augment) return [.. patchSize];
        if (parameters.SpatialDimensions == 2) return Enlarge2D(patchSize[0], patchSize[1], parameters.RotationAxis0);
        if (parameters.DummyTwoD) return [patchSize[0], .. Enlarge2D(patchSize[1], patchSize[2], parameters.RotationAxis0)];

        double[] extent = [patchSize[0], patchSize[1], patchSize[2]];
        double[] angles = [parameters.RotationAxis0, parameters.RotationAxis1, parameters.RotationAxis2];
        for (int axis = 0; axis < 3; axis++)
        {
            var (z, y, x) = SpatialParameters.RotateVector(axis, Math.Min(MaxRotation, Math.Abs(angles[axis])), patchSize[0], patchSize[1], patchSize[2]);
            extent[0] = Math.Max(extent[0], Math.Abs(z));
            extent[1] = Math.Max(extent[1], Math.Abs(y));
            extent[2] = Math.Max(extent[2], Math.Abs(x));
        }
        return [.. extent.Select(e => (int)(e / SmallestDefaultScale))];
    }

    static int[] Enlarge2D(int y, int x, double angle)
    {
        // A 2D rotation is the rotation about axis 0 of (0, y, x).
        var (_, ry, rx) = SpatialParameters.RotateVector(0, Math.Min(MaxRotation, Math.Abs(angle)), 0, y, x);
        return [(int)(Math.Max(y, Math.Abs(ry)) / SmallestDefaultScale), (int)(Math.Max(x, Math.Abs(rx)) / SmallestDefaultScale)];
    }
}
