namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// What varies between the v1 augmentation parameter sets (nnUNetTrainerV2 setup_DA_params, spec §7 "Augmentation"):
/// the spatial dimensionality, the rotation ranges, dummy 2D, the mirror axes and the channels normalised with the
/// nonzero mask. Probabilities and ranges that are the same everywhere are named constants in the step classes.
/// Rotation angles are in radians and drawn from U(-a, a); "axis k" means a rotation that keeps array axis k fixed
/// (batchgenerators' rotation_x/y/z), so <see cref="RotationAxis0"/> is the in-plane rotation of a (z, y, x) patch.
/// </summary>
public sealed record AugmentationParameters
{
    const double Rotation3DDegrees = 30;            // spec §7 spatial: 3D each axis U(-30, 30) deg
    const double Rotation2DDegrees = 180;           // spec §7 spatial: 2D and dummy 2D +-180 deg
    const double Rotation2DElongatedDegrees = 15;   // spec §7 spatial: 2D +-15 deg when max(patch)/min(patch) > 1.5
    const double ElongatedPatchRatio = 1.5;         // spec §7 spatial

    /// <summary>2 for the 2d configuration (patches (1, y, x)), 3 for the 3D configurations.</summary>
    public required int SpatialDimensions { get; init; }

    /// <summary>
    /// 3D data augmented slice by slice (spec §7 dummy 2D, plans do_dummy_2D_data_aug): the spatial step is an
    /// in-plane transform of every z slice, axis 0 is not enlarged, and low resolution leaves axis 0 alone.
    /// </summary>
    public bool DummyTwoD { get; init; }

    /// <summary>False for _noDataAugmentation and for validation: only the segmentation cleanup and the deep-supervision targets run.</summary>
    public bool Augment { get; init; } = true;

    public double RotationAxis0 { get; init; }
    public double RotationAxis1 { get; init; }
    public double RotationAxis2 { get; init; }

    /// <summary>Mirrorable axes in the configuration's own numbering (3D: 0 = z, 1 = y, 2 = x; 2D: 0 = y, 1 = x); empty for _noMirroring.</summary>
    public IReadOnlyList<int> MirrorAxes { get; init; } = [];

    /// <summary>Per channel: normalisation used the nonzero mask (plans use_mask_for_norm), so the mask step zeroes it where seg &lt; 0.</summary>
    public IReadOnlyList<bool> UseMaskForNormalization { get; init; } = [];

    /// <summary>True when the spatial step works slice by slice in the (y, x) plane (2d configuration or dummy 2D).</summary>
    public bool InPlane => SpatialDimensions == 2 || DummyTwoD;

    /// <summary>3d_fullres / 3d_lowres without dummy 2D: +-30 deg about every axis, mirroring of z, y and x.</summary>
    public static AugmentationParameters For3D(IReadOnlyList<bool>? useMaskForNormalization = null) => new()
    {
        SpatialDimensions = 3,
        RotationAxis0 = Radians(Rotation3DDegrees),
        RotationAxis1 = Radians(Rotation3DDegrees),
        RotationAxis2 = Radians(Rotation3DDegrees),
        MirrorAxes = [0, 1, 2],
        UseMaskForNormalization = useMaskForNormalization ?? [],
    };

    /// <summary>
    /// 3D configuration of anisotropic data (do_dummy_2D_data_aug): in-plane rotation +-180 deg. (v1 keeps +-30 deg
    /// for the other two axes in its dictionary, but a 2D transform never reads them.) Mirroring stays 3D.
    /// </summary>
    public static AugmentationParameters ForDummy2D(IReadOnlyList<bool>? useMaskForNormalization = null) => new()
    {
        SpatialDimensions = 3,
        DummyTwoD = true,
        RotationAxis0 = Radians(Rotation2DDegrees),
        MirrorAxes = [0, 1, 2],
        UseMaskForNormalization = useMaskForNormalization ?? [],
    };

    /// <summary>2d configuration with the 2D patch (y, x): +-180 deg, or +-15 deg for elongated patches; mirroring of y and x.</summary>
    public static AugmentationParameters For2D(IReadOnlyList<int> patchSize, IReadOnlyList<bool>? useMaskForNormalization = null)
    {
        if (patchSize.Count != 2) throw new ArgumentException("A 2d configuration has a 2D patch size (y, x).", nameof(patchSize));
        bool elongated = (double)patchSize.Max() / patchSize.Min() > ElongatedPatchRatio;
        return new AugmentationParameters
        {
            SpatialDimensions = 2,
            RotationAxis0 = Radians(elongated ? Rotation2DElongatedDegrees : Rotation2DDegrees),
            MirrorAxes = [0, 1],
            UseMaskForNormalization = useMaskForNormalization ?? [],
        };
    }

    /// <summary>The v1 set for a configuration's patch size (2 or 3 entries) and the plan's do_dummy_2D_data_aug.</summary>
    public static AugmentationParameters ForConfiguration(IReadOnlyList<int> patchSize, bool doDummy2D, IReadOnlyList<bool>? useMaskForNormalization = null) =>
        patchSize.Count == 2 ? For2D(patchSize, useMaskForNormalization)
        : doDummy2D ? ForDummy2D(useMaskForNormalization)
        : For3D(useMaskForNormalization);

    /// <summary>The _noMirroring variant.</summary>
    public AugmentationParameters WithoutMirroring() => this with { MirrorAxes = [] };

    /// <summary>The _noDataAugmentation variant (also what validation batches get): no augmentation and no enlarged patch.</summary>
    public AugmentationParameters WithoutAugmentation() => this with { Augment = false };

    static double Radians(double degrees) => degrees / 360.0 * 2.0 * Math.PI;
}
