namespace NnUNet.Core.Imaging;

/// <summary>
/// Converts between a NIfTI header's voxel-to-world transforms (qform quaternion, sform rows; RAS+) and the geometry
/// SimpleITK reports (spacing from pixdim; origin and direction cosines in LPS), following the NIfTI-1 spec and the
/// transform choice of ITK 5's NIfTI reader.
/// </summary>
internal static class NiftiTransform
{
    /// <summary>nifti1.h xform codes: 0 unknown, 1 scanner anatomical.</summary>
    const int ScannerAnatomical = 1;
    /// <summary>Tolerances of ITK's checks: normalised sform columns orthonormal, qform and sform the same transform.</summary>
    const double OrthonormalTolerance = 1e-4;
    const double SameTransformTolerance = 1e-4;

    /// <summary>Geometry of a parsed header; <paramref name="fail"/> builds the error for an unusable transform.</summary>
    public static ImageGeometry ToGeometry(NiftiHeader h, int spatialDims, Func<string, Exception> fail)
    {
        double unit = UnitToMillimetres(h.XyztUnits);
        // Spacing comes from pixdim, as ITK reads it; a missing (0, NaN) value means 1, a negative one its size.
        var xyzSpacing = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double p = Math.Abs(h.PixDim[i + 1]);
            xyzSpacing[i] = (double.IsFinite(p) && p > 0 ? p : 1.0) * (i < spatialDims ? unit : 1.0);
        }
        double[] spacing = [xyzSpacing[2], xyzSpacing[1], xyzSpacing[0]];

        if (h.QFormCode <= 0 && h.SFormCode <= 0) // neither transform: ITK reports zero origin, identity direction
            return new ImageGeometry(spacing, [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]);

        double[,] q = QFormMatrix(h);
        double[,] s = SFormMatrix(h);
        bool sformRigid = h.SFormCode > 0 && IsRotationTimesScale(s);
        double[,] chosen;
        if (sformRigid && (h.QFormCode <= 0 || h.SFormCode == ScannerAnatomical || SameTransform(s, q)))
            chosen = s;
        else if (h.QFormCode > 0)
            chosen = q;
        else
            throw fail($"sform (code {h.SFormCode}) is sheared or singular and there is no qform; " +
                       "only a rotation with scaling can be represented as spacing, origin and direction");
        return FromMatrix(chosen, spacing, unit);
    }

    /// <summary>Fills pixdim[0..3], qform and sform (both code 1, scanner anatomical) from a geometry.</summary>
    public static void Apply(ImageGeometry g, NiftiHeader h)
    {
        double[] sxyz = [g.Spacing[2], g.Spacing[1], g.Spacing[0]];
        // RAS = LPS with the x and y rows negated.
        var ras = new double[3, 3];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) ras[r, c] = (r < 2 ? -1 : 1) * g.Direction[r * 3 + c];
        double[] rasOrigin = [-g.Origin[0], -g.Origin[1], g.Origin[2]];

        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++) h.SRow[r][c] = ras[r, c] * sxyz[c];
            h.SRow[r][3] = rasOrigin[r];
            h.QOffset[r] = rasOrigin[r];
            h.PixDim[r + 1] = sxyz[r];
        }
        // The qform holds a proper rotation; a left-handed grid flips the k axis through qfac = pixdim[0] = -1.
        double qfac = Determinant(ras) < 0 ? -1 : 1;
        if (qfac < 0) for (int r = 0; r < 3; r++) ras[r, 2] = -ras[r, 2];
        (h.QuaternB, h.QuaternC, h.QuaternD) = Quaternion(ras);
        h.PixDim[0] = qfac;
        h.QFormCode = ScannerAnatomical;
        h.SFormCode = ScannerAnatomical;
    }

    /// <summary>Origin (LPS) and normalised direction columns (LPS) of a 3x4 RAS voxel-to-world matrix.</summary>
    static ImageGeometry FromMatrix(double[,] m, double[] spacing, double unit)
    {
        double[] origin = [-m[0, 3] * unit, -m[1, 3] * unit, m[2, 3] * unit];
        var direction = new double[9];
        for (int c = 0; c < 3; c++)
        {
            double norm = Math.Sqrt(m[0, c] * m[0, c] + m[1, c] * m[1, c] + m[2, c] * m[2, c]);
            for (int r = 0; r < 3; r++) direction[r * 3 + c] = (r < 2 ? -1 : 1) * m[r, c] / norm;
        }
        return new ImageGeometry(spacing, origin, direction);
    }

    /// <summary>
    /// nifti1.h method 2: [x y z] = R [i j qfac*k] * pixdim + qoffset, R from the unit quaternion (a, b, c, d) with
    /// a = sqrt(1 - b^2 - c^2 - d^2); a zero or missing pixdim counts as 1.
    /// </summary>
    static double[,] QFormMatrix(NiftiHeader h)
    {
        double b = h.QuaternB, c = h.QuaternC, d = h.QuaternD;
        double a2 = 1.0 - (b * b + c * c + d * d), a;
        if (a2 < 1e-7) // rounding pushed |(b,c,d)| to or past 1: a 180-degree rotation, renormalise (b,c,d)
        {
            double n = Math.Sqrt(b * b + c * c + d * d);
            b /= n; c /= n; d /= n; a = 0;
        }
        else a = Math.Sqrt(a2);
        double qfac = h.PixDim[0] < 0 ? -1 : 1;
        double dx = Positive(h.PixDim[1]), dy = Positive(h.PixDim[2]), dz = Positive(h.PixDim[3]) * qfac;
        return new double[,]
        {
            { (a * a + b * b - c * c - d * d) * dx, 2 * (b * c - a * d) * dy, 2 * (b * d + a * c) * dz, h.QOffset[0] },
            { 2 * (b * c + a * d) * dx, (a * a + c * c - b * b - d * d) * dy, 2 * (c * d - a * b) * dz, h.QOffset[1] },
            { 2 * (b * d - a * c) * dx, 2 * (c * d + a * b) * dy, (a * a + d * d - c * c - b * b) * dz, h.QOffset[2] },
        };
    }

    static double[,] SFormMatrix(NiftiHeader h)
    {
        var m = new double[3, 4];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) m[r, c] = h.SRow[r][c];
        return m;
    }

    static double Positive(double v) => double.IsFinite(v) && v > 0 ? v : 1.0;

    /// <summary>True when the 3x3 part is a rotation (or reflection) times a per-column scale: no shear, not singular.</summary>
    static bool IsRotationTimesScale(double[,] m)
    {
        var n = new double[3, 3];
        for (int c = 0; c < 3; c++)
        {
            double norm = Math.Sqrt(m[0, c] * m[0, c] + m[1, c] * m[1, c] + m[2, c] * m[2, c]);
            if (!double.IsFinite(norm) || norm == 0 || !double.IsFinite(m[0, 3] + m[1, 3] + m[2, 3])) return false;
            for (int r = 0; r < 3; r++) n[r, c] = m[r, c] / norm;
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double dot = n[0, i] * n[0, j] + n[1, i] * n[1, j] + n[2, i] * n[2, j];
                if (Math.Abs(dot - (i == j ? 1 : 0)) > OrthonormalTolerance) return false;
            }
        return true;
    }

    /// <summary>Same transform within tolerance: column lengths, column directions and offsets.</summary>
    static bool SameTransform(double[,] s, double[,] q)
    {
        for (int c = 0; c < 3; c++)
        {
            double ns = Math.Sqrt(s[0, c] * s[0, c] + s[1, c] * s[1, c] + s[2, c] * s[2, c]);
            double nq = Math.Sqrt(q[0, c] * q[0, c] + q[1, c] * q[1, c] + q[2, c] * q[2, c]);
            if (Math.Abs(ns - nq) > SameTransformTolerance) return false;
            for (int r = 0; r < 3; r++)
                if (Math.Abs(s[r, c] / ns - q[r, c] / nq) > SameTransformTolerance) return false;
        }
        for (int r = 0; r < 3; r++)
            if (Math.Abs(s[r, 3] - q[r, 3]) > SameTransformTolerance) return false;
        return true;
    }

    /// <summary>nifti1.h xyzt_units (low 3 bits): 1 metre, 2 millimetre, 3 micrometre; ITK reports millimetres.</summary>
    static double UnitToMillimetres(int xyztUnits) => (xyztUnits & 7) switch { 1 => 1000.0, 3 => 0.001, _ => 1.0 };

    static double Determinant(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);

    /// <summary>
    /// (b, c, d) of the unit quaternion with a >= 0 whose rotation matrix (the nifti1.h formula above) is
    /// <paramref name="r"/>, taking the numerically stable branch by the largest of trace and diagonal.
    /// </summary>
    static (double B, double C, double D) Quaternion(double[,] r)
    {
        double trace = r[0, 0] + r[1, 1] + r[2, 2], a, b, c, d;
        if (trace > 0)
        {
            double s = 2 * Math.Sqrt(1 + trace); // 4a
            a = s / 4; b = (r[2, 1] - r[1, 2]) / s; c = (r[0, 2] - r[2, 0]) / s; d = (r[1, 0] - r[0, 1]) / s;
        }
        else if (r[0, 0] >= r[1, 1] && r[0, 0] >= r[2, 2])
        {
            double s = 2 * Math.Sqrt(Math.Max(1e-300, 1 + r[0, 0] - r[1, 1] - r[2, 2])); // 4b
            a = (r[2, 1] - r[1, 2]) / s; b = s / 4; c = (r[0, 1] + r[1, 0]) / s; d = (r[0, 2] + r[2, 0]) / s;
        }
        else if (r[1, 1] >= r[2, 2])
        {
            double s = 2 * Math.Sqrt(Math.Max(1e-300, 1 + r[1, 1] - r[0, 0] - r[2, 2])); // 4c
            a = (r[0, 2] - r[2, 0]) / s; b = (r[0, 1] + r[1, 0]) / s; c = s / 4; d = (r[1, 2] + r[2, 1]) / s;
        }
        else
        {
            double s = 2 * Math.Sqrt(Math.Max(1e-300, 1 + r[2, 2] - r[0, 0] - r[1, 1])); // 4d
            a = (r[1, 0] - r[0, 1]) / s; b = (r[0, 2] + r[2, 0]) / s; c = (r[1, 2] + r[2, 1]) / s; d = s / 4;
        }
        double norm = Math.Sqrt(a * a + b * b + c * c + d * d);
        if (a < 0) norm = -norm;
        return (b / norm, c / norm, d / norm);
    }
}
