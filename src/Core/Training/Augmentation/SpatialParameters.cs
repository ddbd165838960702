namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// One sample's spatial transform: a linear map from output coordinates (centred on the output patch) to source
/// coordinates (centred on the enlarged patch), or the plain centre crop when the sample got neither rotation nor
/// scaling. The map is scale * R^T with R = Rx(a0) Ry(a1) Rz(a2) (batchgenerators multiplies coordinate row vectors
/// by R); <see cref="InPlane"/> transforms keep axis 0 fixed and work slice by slice.
/// </summary>
public readonly struct SpatialParameters
{
    readonly Matrix3 _map;

    SpatialParameters(bool transforms, bool inPlane, Matrix3 map)
    {
        Transforms = transforms;
        InPlane = inPlane;
        _map = map;
    }

    /// <summary>False: the output is the centre crop of the enlarged patch (no interpolation).</summary>
    public bool Transforms { get; }

    /// <summary>True: only (y, x) are transformed, every z slice on its own (2d configuration, dummy 2D).</summary>
    public bool InPlane { get; }

    /// <summary>Element (row, column) of the 3x3 map; row = source axis, column = output axis.</summary>
    public double this[int row, int column] => _map[row, column];

    public static SpatialParameters CentreCrop(bool inPlane) => new(false, inPlane, Matrix3.Identity);

    /// <summary>3D rotation about axes 0, 1, 2 (radians) followed by one isotropic scale factor.</summary>
    public static SpatialParameters Volumetric(double angle0, double angle1, double angle2, double scale) =>
        new(true, false, (Matrix3.Rotation(0, angle0) * Matrix3.Rotation(1, angle1) * Matrix3.Rotation(2, angle2)).TransposeScaled(scale));

    /// <summary>In-plane rotation (radians, about axis 0) followed by one scale factor of y and x.</summary>
    public static SpatialParameters InPlaneTransform(double angle, double scale) =>
        new(true, true, Matrix3.Rotation(0, angle).TransposeScaled(scale).WithUnitAxis0());

    /// <summary>R^T p for a rotation about one axis: the extent vector rotation used for the enlarged patch.</summary>
    internal static (double Z, double Y, double X) RotateVector(int axis, double angle, double z, double y, double x)
    {
        var r = Matrix3.Rotation(axis, angle);
        return (r[0, 0] * z + r[1, 0] * y + r[2, 0] * x, r[0, 1] * z + r[1, 1] * y + r[2, 1] * x, r[0, 2] * z + r[1, 2] * y + r[2, 2] * x);
    }

    /// <summary>A 3x3 matrix as a value (no allocation per sample).</summary>
    readonly record struct Matrix3(double A00, double A01, double A02, double A10, double A11, double A12, double A20, double A21, double A22)
    {
        public static Matrix3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

        public double this[int row, int column] => (row * 3 + column) switch
        {
            0 => A00, 1 => A01, 2 => A02,
            3 => A10, 4 => A11, 5 => A12,
            6 => A20, 7 => A21, 8 => A22,
            _ => throw new ArgumentOutOfRangeException(nameof(row)),
        };

        // batchgenerators' rotation about its "x" (array axis 0): rows (1,0,0), (0,c,-s), (0,s,c); likewise y and z.
        public static Matrix3 Rotation(int axis, double angle)
        {
            var (s, c) = Math.SinCos(angle);
            return axis switch
            {
                0 => new(1, 0, 0, 0, c, -s, 0, s, c),
                1 => new(c, 0, s, 0, 1, 0, -s, 0, c),
                _ => new(c, -s, 0, s, c, 0, 0, 0, 1),
            };
        }

        public static Matrix3 operator *(Matrix3 a, Matrix3 b) => new(
            a.A00 * b.A00 + a.A01 * b.A10 + a.A02 * b.A20, a.A00 * b.A01 + a.A01 * b.A11 + a.A02 * b.A21, a.A00 * b.A02 + a.A01 * b.A12 + a.A02 * b.A22,
            a.A10 * b.A00 + a.A11 * b.A10 + a.A12 * b.A20, a.A10 * b.A01 + a.A11 * b.A11 + a.A12 * b.A21, a.A10 * b.A02 + a.A11 * b.A12 + a.A12 * b.A22,
            a.A20 * b.A00 + a.A21 * b.A10 + a.A22 * b.A20, a.A20 * b.A01 + a.A21 * b.A11 + a.A22 * b.A21, a.A20 * b.A02 + a.A21 * b.A12 + a.A22 * b.A22);

        public Matrix3 TransposeScaled(double s) => new(A00 * s, A10 * s, A20 * s, A01 * s, A11 * s, A21 * s, A02 * s, A12 * s, A22 * s);

        /// <summary>Axis 0 unchanged (in-plane transforms never scale it).</summary>
        public Matrix3 WithUnitAxis0() => this with { A00 = 1, A01 = 0, A02 = 0, A10 = 0, A20 = 0 };
    }
}
