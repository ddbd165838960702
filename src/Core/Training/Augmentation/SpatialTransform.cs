using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NnUNet.Core.Training.Augmentation;

/// <summary>
/// The spatial step (spec §7 "spatial", v1 column; batchgenerators SpatialTransform with random_crop False, no
/// elastic deformation): per sample, rotation with p 0.2 and scaling with p 0.2 of output coordinates centred on
/// the output patch, mapped around the centre of the enlarged patch (size/2 - 0.5 per axis). Data are interpolated
/// with cubic B-splines (order 3, prefiltered, 0 outside the enlarged patch); the segmentation label by label with
/// linear interpolation (a label is painted where its interpolated mask is &gt;= 0.5, ascending label order, 0 where
/// no label reaches 0.5, -1 outside the enlarged patch). A sample with neither rotation nor scaling is the centre crop.
/// Dummy 2D and the 2d configuration transform every z slice in the (y, x) plane (v1 folds z into channels).
/// </summary>
public sealed class SpatialTransform
{
    public const double RotationProbability = 0.2; // spec §7 spatial: p_rot 0.2 per sample (all axes rotated then)
    public const double ScaleProbability = 0.2;    // spec §7 spatial: p_scale 0.2
    public const double ScaleLow = 0.7;            // spec §7 spatial: one factor in (0.7, 1.4); batchgenerators draws
    public const double ScaleHigh = 1.4;           // half the time from [0.7, 1) and otherwise from [1, 1.4)
    const float OutsideData = 0f;                  // spec §7: data border 0
    const float OutsideSegmentation = -1f;         // spec §7: seg border -1

    /// <summary>
    /// Extra source voxels around the region the output maps to. The spline prefilter is recursive, so filtering only
    /// this region instead of the whole enlarged patch changes the coefficients used by about |sqrt(3)-2|^16 (~1e-9
    /// relative) while skipping the work outside it (zoom-ins, small rotations).
    /// </summary>
    const int PrefilterMargin = 16;

    /// <summary>Edge of the output tiles the volumetric evaluation walks through.</summary>
    const int Tile = 16;

    readonly AugmentationParameters _parameters;

    public SpatialTransform(AugmentationParameters parameters) => _parameters = parameters;

    /// <summary>Draws one sample's transform (centre crop without augmentation).</summary>
    public SpatialParameters Draw(TrainingRandom random)
    {
        bool inPlane = _parameters.InPlane;
        if (!_parameters.Augment) return SpatialParameters.CentreCrop(inPlane);
        bool rotate = random.NextDouble() < RotationProbability;
        double a0 = 0, a1 = 0, a2 = 0;
        if (rotate)
        {
            a0 = random.Uniform(-_parameters.RotationAxis0, _parameters.RotationAxis0);
            if (!inPlane)
            {
                a1 = random.Uniform(-_parameters.RotationAxis1, _parameters.RotationAxis1);
                a2 = random.Uniform(-_parameters.RotationAxis2, _parameters.RotationAxis2);
            }
        }
        bool scale = random.NextDouble() < ScaleProbability;
        double factor = 1;
        if (scale) factor = random.NextDouble() < 0.5 ? random.Uniform(ScaleLow, 1) : random.Uniform(1, ScaleHigh);
        if (!rotate && !scale) return SpatialParameters.CentreCrop(inPlane);
        return inPlane ? SpatialParameters.InPlaneTransform(a0, factor) : SpatialParameters.Volumetric(a0, a1, a2, factor);
    }

    /// <summary>
    /// The part of the source (enlarged) patch a transform reads: exactly the centre-crop box, or the bounding box of
    /// the mapped output plus the spline support and <see cref="PrefilterMargin"/>, clipped to the source.
    /// </summary>
    public static (PatchShape Offset, PatchShape Size) SourceBox(PatchShape source, PatchShape output, in SpatialParameters p)
    {
        if (p.InPlane && source.Z != output.Z)
            throw new ArgumentException($"An in-plane transform keeps axis 0: source {source} and output {output} differ in z.");
        Span<int> lower = stackalloc int[3], size = stackalloc int[3];
        for (int d = 0; d < 3; d++)
        {
            if (!p.Transforms || (p.InPlane && d == 0))
            {
                lower[d] = (source[d] - output[d]) / 2;
                size[d] = output[d];
                continue;
            }
            double min = double.MaxValue, max = double.MinValue;
            for (int corner = 0; corner < 8; corner++)
            {
                double s = (source[d] - 1) / 2.0;
                for (int e = 0; e < 3; e++)
                {
                    double o = (corner >> e & 1) == 0 ? 0 : output[e] - 1;
                    if (p.InPlane && e == 0) continue;
                    s += p[d, e] * (o - (output[e] - 1) / 2.0);
                }
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }
            int lo = Math.Max(0, (int)Math.Floor(min) - 1 - PrefilterMargin);
            int hi = Math.Min(source[d] - 1, (int)Math.Floor(max) + 2 + PrefilterMargin);
            if (lo > hi) (lo, hi) = (0, 0); // the output lies entirely outside: every voxel gets the border value
            lower[d] = lo;
            size[d] = hi - lo + 1;
        }
        return (new PatchShape(lower[0], lower[1], lower[2]), new PatchShape(size[0], size[1], size[2]));
    }

    /// <summary>
    /// Transforms a whole source patch: data (c, source) and segmentation (source) into data (c, output) and
    /// segmentation (output). <paramref name="sourceData"/> is overwritten (it becomes the spline coefficients).
    /// </summary>
    public static void Apply(Span<float> sourceData, ReadOnlySpan<float> sourceSegmentation, int channels, PatchShape source,
        in SpatialParameters p, Span<float> data, Span<float> segmentation, PatchShape output)
    {
        var (offset, size) = SourceBox(source, output, p);
        if (offset == default && size == source)
        {
            ApplyToBox(sourceData, sourceSegmentation, channels, source, default, source, p, data, segmentation, output);
            return;
        }
        var boxData = new float[channels * size.Voxels];
        var boxSeg = new float[size.Voxels];
        for (int c = 0; c < channels; c++)
            CopyBox(sourceData.Slice(c * source.Voxels, source.Voxels), source, offset, boxData.AsSpan(c * size.Voxels, size.Voxels), size);
        CopyBox(sourceSegmentation, source, offset, boxSeg, size);
        ApplyToBox(boxData, boxSeg, channels, source, offset, size, p, data, segmentation, output);
    }

    /// <summary>
    /// Transforms from the box [<paramref name="boxOffset"/>, + <paramref name="boxSize"/>) of the source patch that
    /// <see cref="SourceBox"/> chose (data (c, box), overwritten; segmentation (box)).
    /// </summary>
    public static unsafe void ApplyToBox(Span<float> boxData, ReadOnlySpan<float> boxSegmentation, int channels, PatchShape source,
        PatchShape boxOffset, PatchShape boxSize, in SpatialParameters p, Span<float> data, Span<float> segmentation, PatchShape output)
    {
        if (boxData.Length < channels * boxSize.Voxels || boxSegmentation.Length < boxSize.Voxels)
            throw new ArgumentException("Box buffers are smaller than the box.");
        if (data.Length != channels * output.Voxels || segmentation.Length != output.Voxels)
            throw new ArgumentException("Output buffers do not match channels x output.");
        if (p.InPlane && (boxSize.Z != output.Z || source.Z != output.Z))
            throw new ArgumentException($"An in-plane transform keeps axis 0: source {source}, box {boxSize} and output {output} differ in z.");
        if (!p.Transforms)
        {
            var crop = new PatchShape((source.Z - output.Z) / 2 - boxOffset.Z, (source.Y - output.Y) / 2 - boxOffset.Y, (source.X - output.X) / 2 - boxOffset.X);
            for (int c = 0; c < channels; c++)
                CopyBox(boxData.Slice(c * boxSize.Voxels, boxSize.Voxels), boxSize, crop, data.Slice(c * output.Voxels, output.Voxels), output);
            CopyBox(boxSegmentation, boxSize, crop, segmentation, output);
            return;
        }
        fixed (float* coefficients = boxData)
        fixed (float* seg = boxSegmentation)
        fixed (float* outData = data)
        fixed (float* outSeg = segmentation)
        {
            var g = new Geometry(source, boxOffset, boxSize, output);
            if (p.InPlane)
            {
                for (int c = 0; c < channels; c++)
                    for (int z = 0; z < boxSize.Z; z++)
                    {
                        float* slice = coefficients + (long)c * boxSize.Voxels + (long)z * boxSize.Y * boxSize.X;
                        CubicBSpline.PrefilterLines(slice, boxSize.Y, boxSize.X);
                        CubicBSpline.PrefilterRows(slice, boxSize.Y, boxSize.X, boxSize.X);
                    }
                EvaluateInPlane(coefficients, seg, channels, g, p, outData, outSeg);
            }
            else
            {
                int plane = boxSize.Y * boxSize.X;
                for (int c = 0; c < channels; c++)
                {
                    float* volume = coefficients + (long)c * boxSize.Voxels;
                    CubicBSpline.PrefilterLines(volume, boxSize.Z * boxSize.Y, boxSize.X);
                    for (int z = 0; z < boxSize.Z; z++) CubicBSpline.PrefilterRows(volume + (long)z * plane, boxSize.Y, boxSize.X, boxSize.X);
                    CubicBSpline.PrefilterRows(volume, boxSize.Z, plane, plane);
                }
                EvaluateVolumetric(coefficients, seg, channels, g, p, outData, outSeg);
            }
        }
    }

    /// <summary>Copies the box at <paramref name="lower"/> of size <paramref name="targetShape"/> out of a volume.</summary>
    internal static void CopyBox(ReadOnlySpan<float> volume, PatchShape shape, PatchShape lower, Span<float> target, PatchShape targetShape)
    {
        for (int z = 0; z < targetShape.Z; z++)
            for (int y = 0; y < targetShape.Y; y++)
                volume.Slice(((lower.Z + z) * shape.Y + lower.Y + y) * shape.X + lower.X, targetShape.X)
                    .CopyTo(target.Slice((z * targetShape.Y + y) * targetShape.X, targetShape.X));
    }

    /// <summary>Centres and extents in box coordinates.</summary>
    readonly struct Geometry(PatchShape source, PatchShape offset, PatchShape box, PatchShape output)
    {
        public readonly PatchShape Box = box, Output = output;
        // Source centre (size/2 - 0.5) moved into box coordinates; output centre (size - 1)/2.
        public readonly double Cz = source.Z / 2.0 - 0.5 - offset.Z, Cy = source.Y / 2.0 - 0.5 - offset.Y, Cx = source.X / 2.0 - 0.5 - offset.X;
        public readonly double Oz = (output.Z - 1) / 2.0, Oy = (output.Y - 1) / 2.0, Ox = (output.X - 1) / 2.0;
        // Valid (inside the enlarged patch) box coordinates: [Low, High] per axis.
        public readonly double LowZ = -offset.Z, LowY = -offset.Y, LowX = -offset.X;
        public readonly double HighZ = source.Z - 1 - offset.Z, HighY = source.Y - 1 - offset.Y, HighX = source.X - 1 - offset.X;
    }

    static unsafe void EvaluateVolumetric(float* coefficients, float* seg, int channels, in Geometry g, in SpatialParameters p, float* outData, float* outSeg)
    {
        int bz = g.Box.Z, by = g.Box.Y, bx = g.Box.X;
        long plane = (long)by * bx, boxVoxels = plane * bz, outVoxels = g.Output.Voxels;
        double m00 = p[0, 0], m01 = p[0, 1], m02 = p[0, 2], m10 = p[1, 0], m11 = p[1, 1], m12 = p[1, 2], m20 = p[2, 0], m21 = p[2, 1], m22 = p[2, 2];
        float* wz = stackalloc float[4], wy = stackalloc float[4], wxs = stackalloc float[4]; // slow-path weights
        // Output tiles of Tile^3 voxels: a rotated tile reads a compact source block, which stays in cache and TLB.
        for (int tz = 0; tz < g.Output.Z; tz += Tile)
        for (int ty = 0; ty < g.Output.Y; ty += Tile)
        for (int tx = 0; tx < g.Output.X; tx += Tile)
        for (int oz = tz; oz < Math.Min(tz + Tile, g.Output.Z); oz++)
        {
            double dz = oz - g.Oz;
            for (int oy = ty; oy < Math.Min(ty + Tile, g.Output.Y); oy++)
            {
                double dy = oy - g.Oy;
                double rz = m00 * dz + m01 * dy + g.Cz, ry = m10 * dz + m11 * dy + g.Cy, rx = m20 * dz + m21 * dy + g.Cx;
                long o = ((long)oz * g.Output.Y + oy) * g.Output.X + tx;
                for (int ox = tx; ox < Math.Min(tx + Tile, g.Output.X); ox++, o++)
                {
                    double dx = ox - g.Ox;
                    double sz = rz + m02 * dx, sy = ry + m12 * dx, sx = rx + m22 * dx;
                    if (sz < g.LowZ || sz > g.HighZ || sy < g.LowY || sy > g.HighY || sx < g.LowX || sx > g.HighX)
                    {
                        for (int c = 0; c < channels; c++) outData[c * outVoxels + o] = OutsideData;
                        outSeg[o] = OutsideSegmentation;
                        continue;
                    }
                    int iz = (int)sz, iy = (int)sy, ix = (int)sx; // >= 0 inside the box
                    CubicBSpline.Weights((float)(sz - iz), out float z0, out float z1, out float z2, out float z3);
                    CubicBSpline.Weights((float)(sy - iy), out float y0, out float y1, out float y2, out float y3);
                    CubicBSpline.Weights((float)(sx - ix), out float x0, out float x1, out float x2, out float x3);
                    if (iz >= 1 && iz + 2 < bz && iy >= 1 && iy + 2 < by && ix >= 1 && ix + 2 < bx)
                    {
                        var wx = Vector128.Create(x0, x1, x2, x3);
                        Vector128<float> vy0 = Vector128.Create(y0), vy1 = Vector128.Create(y1), vy2 = Vector128.Create(y2), vy3 = Vector128.Create(y3);
                        float* first = coefficients + ((iz - 1) * plane + (long)(iy - 1) * bx + ix - 1);
                        for (int c = 0; c < channels; c++, first += boxVoxels)
                        {
                            var acc = Plane4(first, bx, vy0, vy1, vy2, vy3) * z0;
                            acc = Vector128.FusedMultiplyAdd(Plane4(first + plane, bx, vy0, vy1, vy2, vy3), Vector128.Create(z1), acc);
                            acc = Vector128.FusedMultiplyAdd(Plane4(first + 2 * plane, bx, vy0, vy1, vy2, vy3), Vector128.Create(z2), acc);
                            acc = Vector128.FusedMultiplyAdd(Plane4(first + 3 * plane, bx, vy0, vy1, vy2, vy3), Vector128.Create(z3), acc);
                            outData[c * outVoxels + o] = Vector128.Dot(acc, wx);
                        }
                    }
                    else
                    {
                        (wz[0], wz[1], wz[2], wz[3]) = (z0, z1, z2, z3);
                        (wy[0], wy[1], wy[2], wy[3]) = (y0, y1, y2, y3);
                        (wxs[0], wxs[1], wxs[2], wxs[3]) = (x0, x1, x2, x3);
                        for (int c = 0; c < channels; c++)
                        {
                            float* volume = coefficients + c * boxVoxels;
                            float sum = 0;
                            for (int a = 0; a < 4; a++)
                            {
                                long za = CubicBSpline.Mirror(iz - 1 + a, bz) * plane;
                                for (int b = 0; b < 4; b++)
                                {
                                    long ya = za + (long)CubicBSpline.Mirror(iy - 1 + b, by) * bx;
                                    float row = 0;
                                    for (int e = 0; e < 4; e++) row += wxs[e] * volume[ya + CubicBSpline.Mirror(ix - 1 + e, bx)];
                                    sum += wz[a] * wy[b] * row;
                                }
                            }
                            outData[c * outVoxels + o] = sum;
                        }
                    }
                    outSeg[o] = LinearLabel3D(seg, bz, by, bx, sz, sy, sx);
                }
            }
        }
    }

    static unsafe void EvaluateInPlane(float* coefficients, float* seg, int channels, in Geometry g, in SpatialParameters p, float* outData, float* outSeg)
    {
        int by = g.Box.Y, bx = g.Box.X;
        long plane = (long)by * bx, boxVoxels = plane * g.Box.Z, outVoxels = g.Output.Voxels, outPlane = (long)g.Output.Y * g.Output.X;
        double m11 = p[1, 1], m12 = p[1, 2], m21 = p[2, 1], m22 = p[2, 2];
        float* wy = stackalloc float[4], wxs = stackalloc float[4]; // slow-path weights
        for (int z = 0; z < g.Output.Z; z++)
        {
            long o = z * outPlane;
            float* sliceCoefficients = coefficients + z * plane;
            float* sliceSeg = seg + z * plane;
            for (int oy = 0; oy < g.Output.Y; oy++)
            {
                double dy = oy - g.Oy;
                double ry = m11 * dy + g.Cy, rx = m21 * dy + g.Cx;
                for (int ox = 0; ox < g.Output.X; ox++, o++)
                {
                    double dx = ox - g.Ox;
                    double sy = ry + m12 * dx, sx = rx + m22 * dx;
                    if (sy < g.LowY || sy > g.HighY || sx < g.LowX || sx > g.HighX)
                    {
                        for (int c = 0; c < channels; c++) outData[c * outVoxels + o] = OutsideData;
                        outSeg[o] = OutsideSegmentation;
                        continue;
                    }
                    int iy = (int)sy, ix = (int)sx;
                    CubicBSpline.Weights((float)(sy - iy), out float y0, out float y1, out float y2, out float y3);
                    CubicBSpline.Weights((float)(sx - ix), out float x0, out float x1, out float x2, out float x3);
                    if (iy >= 1 && iy + 2 < by && ix >= 1 && ix + 2 < bx)
                    {
                        var wx = Vector128.Create(x0, x1, x2, x3);
                        Vector128<float> vy0 = Vector128.Create(y0), vy1 = Vector128.Create(y1), vy2 = Vector128.Create(y2), vy3 = Vector128.Create(y3);
                        float* first = sliceCoefficients + ((long)(iy - 1) * bx + ix - 1);
                        for (int c = 0; c < channels; c++, first += boxVoxels)
                            outData[c * outVoxels + o] = Vector128.Dot(Plane4(first, bx, vy0, vy1, vy2, vy3), wx);
                    }
                    else
                    {
                        (wy[0], wy[1], wy[2], wy[3]) = (y0, y1, y2, y3);
                        (wxs[0], wxs[1], wxs[2], wxs[3]) = (x0, x1, x2, x3);
                        for (int c = 0; c < channels; c++)
                        {
                            float* slice = sliceCoefficients + c * boxVoxels;
                            float sum = 0;
                            for (int b = 0; b < 4; b++)
                            {
                                long ya = (long)CubicBSpline.Mirror(iy - 1 + b, by) * bx;
                                float row = 0;
                                for (int e = 0; e < 4; e++) row += wxs[e] * slice[ya + CubicBSpline.Mirror(ix - 1 + e, bx)];
                                sum += wy[b] * row;
                            }
                            outData[c * outVoxels + o] = sum;
                        }
                    }
                    outSeg[o] = LinearLabel2D(sliceSeg, by, bx, sy, sx);
                }
            }
        }
    }

    /// <summary>The 4 rows (y) of 4 x-taps summed with the y weights: a 4-vector still to be weighted by x (and z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector128<float> Plane4(float* first, int rowStride, Vector128<float> y0, Vector128<float> y1, Vector128<float> y2, Vector128<float> y3)
    {
        var acc = Vector128.Load(first) * y0;
        acc = Vector128.FusedMultiplyAdd(Vector128.Load(first + rowStride), y1, acc);
        acc = Vector128.FusedMultiplyAdd(Vector128.Load(first + 2 * rowStride), y2, acc);
        return Vector128.FusedMultiplyAdd(Vector128.Load(first + 3 * rowStride), y3, acc);
    }

    static unsafe float LinearLabel3D(float* seg, int bz, int by, int bx, double sz, double sy, double sx)
    {
        int z0 = (int)sz, y0 = (int)sy, x0 = (int)sx;
        int dz = z0 + 1 < bz ? by * bx : 0, dy = y0 + 1 < by ? bx : 0, dx = x0 + 1 < bx ? 1 : 0; // the last voxel has weight 0
        float* p = seg + ((long)z0 * by + y0) * bx + x0;
        float l0 = p[0], l1 = p[dx], l2 = p[dy], l3 = p[dy + dx], l4 = p[dz], l5 = p[dz + dx], l6 = p[dz + dy], l7 = p[dz + dy + dx];
        if (l0 == l1 && l0 == l2 && l0 == l3 && l0 == l4 && l0 == l5 && l0 == l6 && l0 == l7) return l0; // most voxels
        double tz = sz - z0, ty = sy - y0, tx = sx - x0;
        float* labels = stackalloc float[] { l0, l1, l2, l3, l4, l5, l6, l7 };
        double* weights = stackalloc double[]
        {
            (1 - tz) * (1 - ty) * (1 - tx), (1 - tz) * (1 - ty) * tx, (1 - tz) * ty * (1 - tx), (1 - tz) * ty * tx,
            tz * (1 - ty) * (1 - tx), tz * (1 - ty) * tx, tz * ty * (1 - tx), tz * ty * tx,
        };
        return PaintedLabel(labels, weights, 8);
    }

    static unsafe float LinearLabel2D(float* seg, int by, int bx, double sy, double sx)
    {
        int y0 = (int)sy, x0 = (int)sx;
        int dy = y0 + 1 < by ? bx : 0, dx = x0 + 1 < bx ? 1 : 0;
        float* p = seg + (long)y0 * bx + x0;
        float l0 = p[0], l1 = p[dx], l2 = p[dy], l3 = p[dy + dx];
        if (l0 == l1 && l0 == l2 && l0 == l3) return l0;
        double ty = sy - y0, tx = sx - x0;
        float* labels = stackalloc float[] { l0, l1, l2, l3 };
        double* weights = stackalloc double[] { (1 - ty) * (1 - tx), (1 - ty) * tx, ty * (1 - tx), ty * tx };
        return PaintedLabel(labels, weights, 4);
    }

    /// <summary>
    /// batchgenerators' per-label painting: labels in ascending order overwrite where their interpolated one-hot mask
    /// (the summed weight of their taps) is &gt;= 0.5, so the result is the largest such label, or 0 if there is none.
    /// </summary>
    static unsafe float PaintedLabel(float* labels, double* weights, int taps)
    {
        float best = 0;
        bool found = false;
        for (int i = 0; i < taps; i++)
        {
            float label = labels[i];
            if (found && label <= best) continue;
            double mask = 0;
            for (int k = 0; k < taps; k++)
                if (labels[k] == label) mask += weights[k];
            if (mask >= 0.5)
            {
                best = label;
                found = true;
            }
        }
        return best;
    }
}
