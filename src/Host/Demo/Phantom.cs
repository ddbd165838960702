namespace NnUNet.Host.Demo;

/// <summary>
/// One synthetic scan of the demo: an ellipsoid "organ" (label 1) holding a smaller ellipsoid "lesion" (label 2) at a
/// random position, size and orientation, in soft tissue with partial-volume edges, Gaussian noise and a smooth
/// multiplicative bias field (the intensity drift of MR coils). 2D phantoms are one slice (shape z = 1) of the same
/// model. Everything derives from the seed given to <see cref="Create"/>, so a run is repeated exactly.
/// </summary>
/// <param name="Image">Intensities, C order (z, y, x), non-negative.</param>
/// <param name="Labels">0 background, 1 organ, 2 lesion; same order and shape.</param>
public sealed record Phantom(float[] Image, byte[] Labels, int[] Shape, double[] Spacing)
{
    public const byte Organ = 1;
    public const byte Lesion = 2;

    // Tissue intensities (arbitrary MR-like units) and the noise on them.
    const double TissueIntensity = 100, OrganIntensity = 170, LesionIntensity = 250, NoiseSigma = 18;
    const double BiasAmplitude = 0.3;       // the bias field stays within 0.7..1.3
    const double EdgeWidthMm = 0.4;         // partial-volume blur of the boundaries
    const double LongAxisMm = 1e4;
    const double LesionMinReach = 0.45, LesionMaxReach = 0.6, LesionMaxOffset = 0.3;

    /// <summary>
    /// A phantom of <paramref name="shape"/> (z, y, x) voxels of <paramref name="spacing"/> mm. The organ's semi-axes
    /// are 28-40 % of the in-plane field of view (at most 40 % of the z extent too); the lesion's are 45-60 % of the
    /// organ's shortest, centred within the inner 30 % of the organ, so a margin of organ (at least 10 % of that axis)
    /// surrounds the lesion on every side.
    /// </summary>
    public static Phantom Create(int[] shape, double[] spacing, int seed)
    {
        var random = new Random(seed);
        double U(double low, double high) => low + (high - low) * random.NextDouble();
        bool twoD = shape[0] == 1;
        double[] extent = [shape[0] * spacing[0], shape[1] * spacing[1], shape[2] * spacing[2]];
        double inPlane = Math.Min(extent[1], extent[2]);

        // A 2D phantom is the cross-section of shapes that extend far along z.
        double[] organAxes = [twoD ? LongAxisMm : Math.Min(U(0.28, 0.4) * inPlane, 0.4 * extent[0]), U(0.28, 0.4) * inPlane, U(0.28, 0.4) * inPlane];
        double[] organCentre = new double[3];
        for (int a = 0; a < 3; a++)
        {
            double room = Math.Max(0, extent[a] / 2 - organAxes[a] - 2 * spacing[a]);
            organCentre[a] = twoD && a == 0 ? extent[0] / 2 : extent[a] / 2 + U(-room, room);
        }
        var organ = new Ellipsoid(organCentre, organAxes, Rotation(random, twoD));

        // The lesion reaches at most LesionMaxReach x the organ's shortest semi-axis from a centre at most LesionMaxOffset
        // of the way to the organ's surface, which leaves at least (1 - offset - reach) x that axis of organ around it.
        double shortest = twoD ? Math.Min(organAxes[1], organAxes[2]) : organAxes.Min();
        double[] lesionAxes = organAxes.Select(_ => U(LesionMinReach, LesionMaxReach) * shortest).ToArray();
        if (twoD) lesionAxes[0] = LongAxisMm;
        double[] offset = RandomDirection(random, twoD).Select(d => d * U(0, LesionMaxOffset)).ToArray();
        var lesion = new Ellipsoid(organ.FromUnit(offset), lesionAxes, Rotation(random, twoD));

        var bias = new BiasField(random, extent);
        var noise = new GaussianNoise(random);
        int voxels = shape[0] * shape[1] * shape[2];
        var image = new float[voxels];
        var labels = new byte[voxels];
        for (int z = 0, i = 0; z < shape[0]; z++)
        for (int y = 0; y < shape[1]; y++)
        for (int x = 0; x < shape[2]; x++, i++)
        {
            double[] p = [(z + 0.5) * spacing[0], (y + 0.5) * spacing[1], (x + 0.5) * spacing[2]];
            if (twoD) p[0] = organCentre[0];
            double inOrgan = organ.Membership(p, EdgeWidthMm), inLesion = Math.Min(inOrgan, lesion.Membership(p, EdgeWidthMm));
            double clean = TissueIntensity + inOrgan * (OrganIntensity - TissueIntensity) + inLesion * (LesionIntensity - OrganIntensity);
            image[i] = (float)Math.Max(0, clean * bias.At(p) + NoiseSigma * noise.Next());
            labels[i] = organ.Contains(p) ? (lesion.Contains(p) ? Lesion : Organ) : (byte)0;
        }
        return new Phantom(image, labels, shape, spacing);
    }

    /// <summary>A random orientation: any in-plane angle, tilted out of plane by up to 0.35 rad in 3D.</summary>
    static double[,] Rotation(Random random, bool twoD)
    {
        double yaw = random.NextDouble() * Math.PI, tilt = twoD ? 0 : (random.NextDouble() - 0.5) * 0.7;
        double cy = Math.Cos(yaw), sy = Math.Sin(yaw), ct = Math.Cos(tilt), st = Math.Sin(tilt);
        // In-plane rotation (about z) times a tilt about the y axis, in (z, y, x) coordinates.
        double[,] inPlane = { { 1, 0, 0 }, { 0, cy, -sy }, { 0, sy, cy } };
        double[,] tilted = { { ct, 0, -st }, { 0, 1, 0 }, { st, 0, ct } };
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 3; k++) r[i, j] += inPlane[i, k] * tilted[k, j];
        return r;
    }

    static double[] RandomDirection(Random random, bool twoD)
    {
        double[] v = [twoD ? 0 : random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5];
        double norm = Math.Sqrt(v.Sum(c => c * c));
        return norm == 0 ? [0, 0, 0] : v.Select(c => c / norm).ToArray();
    }

    /// <summary>An ellipsoid in millimetres: centre, semi-axes along its own axes, and the rotation placing those axes.</summary>
    sealed class Ellipsoid(double[] centre, double[] semiAxes, double[,] rotation)
    {
        /// <summary>The point at unit coordinates <paramref name="u"/> (1 = on the surface along that axis).</summary>
        public double[] FromUnit(double[] u)
        {
            var p = (double[])centre.Clone();
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) p[i] += rotation[i, j] * u[j] * semiAxes[j];
            return p;
        }

        /// <summary>Normalised radius: below 1 inside.</summary>
        double Radius(double[] p)
        {
            double sum = 0;
            for (int j = 0; j < 3; j++)
            {
                double local = 0;
                for (int i = 0; i < 3; i++) local += rotation[i, j] * (p[i] - centre[i]);
                sum += local * local / (semiAxes[j] * semiAxes[j]);
            }
            return Math.Sqrt(sum);
        }

        public bool Contains(double[] p) => Radius(p) <= 1;

        /// <summary>0..1, a logistic step across the surface about <paramref name="edgeWidth"/> mm wide (partial volume).</summary>
        public double Membership(double[] p, double edgeWidth)
        {
            double inside = (1 - Radius(p)) * semiAxes.Min();
            return 1 / (1 + Math.Exp(-inside / edgeWidth));
        }
    }

    /// <summary>1 + <see cref="BiasAmplitude"/> times the mean of three random low-frequency cosines.</summary>
    sealed class BiasField
    {
        readonly (double[] K, double Phase)[] waves;

        public BiasField(Random random, double[] extent)
        {
            waves = new (double[], double)[3];
            for (int w = 0; w < waves.Length; w++)
            {
                // At most about half a period across the field of view: smooth.
                double[] k = extent.Select(e => (random.NextDouble() - 0.5) * Math.PI / e).ToArray();
                waves[w] = (k, random.NextDouble() * 2 * Math.PI);
            }
        }

        public double At(double[] p) =>
            1 + BiasAmplitude * waves.Average(w => Math.Cos(w.K[0] * p[0] + w.K[1] * p[1] + w.K[2] * p[2] + w.Phase));
    }

    /// <summary>Standard normal values (Box-Muller) from the phantom's generator.</summary>
    sealed class GaussianNoise(Random random)
    {
        double? spare;

        public double Next()
        {
            if (spare is { } s) { spare = null; return s; }
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u));
            spare = r * Math.Sin(2 * Math.PI * v);
            return r * Math.Cos(2 * Math.PI * v);
        }
    }
}
