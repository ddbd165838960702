using System.Text.Json;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Imaging;

/// <summary>
/// Cross-checks against nibabel, an independent NIfTI implementation: files we write are read by nibabel (shape,
/// datatype, affine, qform, values), and files nibabel writes are read by us. Skipped, with the reason, when
/// python3 or nibabel is missing (CI installs python3-nibabel).
/// </summary>
public class NiftiNibabelCrossCheckTests : IDisposable
{
    readonly TempDirectory _dir = new("nifti-nibabel");
    public void Dispose() => _dir.Dispose();

    static void RequireNibabel()
    {
        string? why = PythonRunner.Missing("numpy", "nibabel");
        Skip.If(why != null, why);
    }

    /// <summary>
    /// The RAS voxel-to-world affine a geometry means, by definition: column j = direction column j * spacing of
    /// axis j, translation = origin, with LPS -> RAS negating the x and y rows.
    /// </summary>
    static double[,] Affine(ImageGeometry g)
    {
        double[] sxyz = [g.Spacing[2], g.Spacing[1], g.Spacing[0]];
        var a = new double[4, 4];
        for (int r = 0; r < 3; r++)
        {
            double sign = r < 2 ? -1 : 1;
            for (int c = 0; c < 3; c++) a[r, c] = sign * g.Direction[r * 3 + c] * sxyz[c];
            a[r, 3] = sign * g.Origin[r];
        }
        a[3, 3] = 1;
        return a;
    }

    /// <summary>The geometry ITK derives from an affine and pixdim zooms (the inverse of <see cref="Affine"/>).</summary>
    static ImageGeometry FromAffine(double[][] a, double[] zooms)
    {
        var direction = new double[9];
        for (int c = 0; c < 3; c++)
        {
            double norm = Math.Sqrt(a[0][c] * a[0][c] + a[1][c] * a[1][c] + a[2][c] * a[2][c]);
            for (int r = 0; r < 3; r++) direction[r * 3 + c] = (r < 2 ? -1 : 1) * a[r][c] / norm;
        }
        return new ImageGeometry([zooms[2], zooms[1], zooms[0]], [-a[0][3], -a[1][3], a[2][3]], direction);
    }

    static ImageGeometry LeftHandedOblique()
    {
        double c = Math.Cos(0.4), s = Math.Sin(0.4);
        return new ImageGeometry([3.3, 0.7, 0.9], [-91.5, 120.25, -33.75], new[] { c, 0, -s, 0, 1, 0, s, 0, c }.Select((v, i) => i % 3 == 1 ? -v : v).ToArray());
    }

    static ImageGeometry RightHandedOblique()
    {
        double c = Math.Cos(1.1), s = Math.Sin(1.1);
        return new ImageGeometry([1.25, 2, 0.5], [12, -7.5, 250], [c, -s, 0, s, c, 0, 0, 0, 1]);
    }

    const string DescribeScript = """
        import sys, json
        import numpy as np, nibabel as nib
        out = []
        for f in sys.argv[1:]:
            img = nib.load(f)
            h = img.header
            out.append(dict(
                shape=[int(v) for v in img.shape], dtype=str(h.get_data_dtype()),
                affine=np.asarray(img.affine).tolist(), qform=np.asarray(img.get_qform()).tolist(),
                sform_code=int(h['sform_code']), qform_code=int(h['qform_code']),
                zooms=[float(z) for z in h.get_zooms()[:3]],
                values=np.asarray(img.get_fdata(dtype=np.float32)).ravel(order='F').tolist()))
        print(json.dumps(out))
        """;

    [SkippableFact]
    public void NibabelReadsWhatWeWrite()
    {
        RequireNibabel();
        var random = new Random(3);
        var cases = new (string Name, NiftiDataType Type, int Channels, int[] Shape, ImageGeometry Geometry, string NumpyType)[]
        {
            ("labels.nii.gz", NiftiDataType.UInt8, 1, [4, 5, 6], LeftHandedOblique(), "uint8"),
            ("ct.nii.gz", NiftiDataType.Int16, 1, [3, 4, 7], RightHandedOblique(), "int16"),
            ("mr.nii", NiftiDataType.UInt16, 1, [2, 3, 9], LeftHandedOblique(), "uint16"),
            ("ids.nii", NiftiDataType.Int32, 1, [1, 6, 5], RightHandedOblique(), "int32"),
            ("msd.nii.gz", NiftiDataType.Float32, 3, [3, 4, 5], LeftHandedOblique(), "float32"),
        };
        var images = new List<Image>();
        foreach (var c in cases)
        {
            int n = c.Channels * c.Shape[0] * c.Shape[1] * c.Shape[2];
            var values = new float[n];
            for (int i = 0; i < n; i++)
                values[i] = c.Type == NiftiDataType.Float32 ? (float)(random.NextDouble() * 2000 - 1000) : random.Next(0, 250);
            var image = new Image(values, c.Channels, c.Shape, c.Geometry);
            NiftiWriter.Write(_dir.Combine(c.Name), image, c.Type);
            images.Add(image);
        }

        using var json = JsonDocument.Parse(PythonRunner.Run(DescribeScript, cases.Select(c => _dir.Combine(c.Name)).ToArray()));
        var results = json.RootElement.EnumerateArray().ToArray();
        for (int k = 0; k < cases.Length; k++)
        {
            var (name, _, channels, shape, geometry, numpyType) = cases[k];
            var r = results[k];
            int[] expectedShape = channels > 1 ? [shape[2], shape[1], shape[0], channels] : [shape[2], shape[1], shape[0]];
            Assert.Equal(expectedShape, r.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray());
            Assert.Equal(numpyType, r.GetProperty("dtype").GetString());
            Assert.Equal((1, 1), (r.GetProperty("sform_code").GetInt32(), r.GetProperty("qform_code").GetInt32()));
            var expectedAffine = Affine(geometry);
            AssertMatrix(name + " affine", expectedAffine, Matrix(r.GetProperty("affine")), 1e-5);
            AssertMatrix(name + " qform", expectedAffine, Matrix(r.GetProperty("qform")), 1e-5);
            Assert.Equal(images[k].Data, r.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray());
        }
    }

    const string WriteScript = """
        import sys, json, os
        import numpy as np, nibabel as nib
        d = sys.argv[1]
        rng = np.random.default_rng(5)
        def rot(ax, t):
            c, s = np.cos(t), np.sin(t)
            m = np.eye(3)
            i, j = [k for k in range(3) if k != ax]
            m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
            return m
        def affine(zooms, left, offset):
            m = rot(0, 0.3) @ rot(2, -0.8)
            if left:
                m[:, 2] = -m[:, 2]
            a = np.eye(4)
            a[:3, :3] = m * np.asarray(zooms)
            a[:3, 3] = offset
            return a
        meta = {}
        def save(name, img):
            path = os.path.join(d, name)
            img.to_filename(path)
            back = nib.load(path)
            values = np.asarray(back.get_fdata(dtype=np.float32))
            np.ascontiguousarray(values.ravel(order='F')).astype('<f4').tofile(path + '.f32')
            h = back.header
            meta[name] = dict(affine=np.asarray(back.affine).tolist(), zooms=[float(z) for z in h.get_zooms()[:3]],
                              shape=[int(v) for v in back.shape], slope=float(back.dataobj.slope),
                              big_endian=h.endianness == '>', sform_code=int(h['sform_code']), qform_code=int(h['qform_code']))

        a = affine([0.8, 0.9, 2.5], True, [10.5, -20.25, 30])
        img = nib.Nifti1Image(rng.normal(size=(6, 5, 4)).astype(np.float32), a)
        img.set_sform(a, code=1); img.set_qform(None)
        save('sform.nii.gz', img)

        a = affine([1.5, 0.6, 0.7], True, [-5, 6.5, -70])
        img = nib.Nifti1Image(rng.normal(size=(7, 3, 4)).astype(np.float32), a)
        img.set_qform(a, code=1); img.set_sform(None, code=0)
        save('qform.nii', img)

        a = affine([0.5, 0.5, 3], False, [1, 2, 3])
        img = nib.Nifti1Image((rng.normal(size=(8, 6, 5)) * 700 + 40).astype(np.float32), a)
        img.set_data_dtype(np.int16)  # nibabel picks scl_slope / scl_inter to fit the float data
        save('scaled.nii.gz', img)

        a = affine([1, 1.2, 1.4], False, [0, -4, 9])
        save('channels.nii.gz', nib.Nifti1Image(rng.normal(size=(5, 4, 3, 4)).astype(np.float32), a))

        save('nifti2.nii', nib.Nifti2Image(rng.integers(-100000, 100000, size=(5, 4, 3)).astype(np.int32), a))

        be = nib.Nifti1Header(endianness='>')
        save('bigendian.nii.gz', nib.Nifti1Image(rng.integers(-3000, 3000, size=(4, 4, 4)).astype(np.int16), a, header=be))

        save('slice.nii.gz', nib.Nifti1Image(rng.integers(0, 255, size=(9, 7)).astype(np.uint8), np.diag([0.3, 0.4, 1, 1])))
        print(json.dumps(meta))
        """;

    [SkippableFact]
    public void WeReadWhatNibabelWrites()
    {
        RequireNibabel();
        using var json = JsonDocument.Parse(PythonRunner.Run(WriteScript, _dir.Path));
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            string path = _dir.Combine(entry.Name);
            var meta = entry.Value;
            var image = NiftiReader.Read(path);

            int[] nibShape = meta.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            Assert.Equal(nibShape.Length == 4 ? nibShape[3] : 1, image.Channels);
            Assert.Equal(nibShape.Length == 2 ? [1, nibShape[1], nibShape[0]] : new[] { nibShape[2], nibShape[1], nibShape[0] }, image.Shape);

            byte[] raw = File.ReadAllBytes(path + ".f32");
            float[] expected = new float[raw.Length / 4];
            Buffer.BlockCopy(raw, 0, expected, 0, raw.Length);
            Assert.Equal(expected.Length, image.Data.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - image.Data[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])),
                    $"{entry.Name}[{i}]: nibabel {expected[i]}, ours {image.Data[i]}");

            double[][] affine = meta.GetProperty("affine").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            double[] zooms = meta.GetProperty("zooms").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            if (zooms.Length == 2) zooms = [.. zooms, 1];
            NiftiRoundTripTests.AssertGeometry(FromAffine(affine, zooms), image.Geometry);
            var headerOnly = NiftiReader.ReadHeader(path).Geometry;
            Assert.Equal(image.Geometry.Origin, headerOnly.Origin);
            Assert.Equal(image.Geometry.Direction, headerOnly.Direction);
        }
        // The fixtures really exercise what they claim.
        var m = json.RootElement;
        Assert.Equal((1, 0), (m.GetProperty("sform.nii.gz").GetProperty("sform_code").GetInt32(), m.GetProperty("sform.nii.gz").GetProperty("qform_code").GetInt32()));
        Assert.Equal((0, 1), (m.GetProperty("qform.nii").GetProperty("sform_code").GetInt32(), m.GetProperty("qform.nii").GetProperty("qform_code").GetInt32()));
        Assert.NotEqual(1.0, m.GetProperty("scaled.nii.gz").GetProperty("slope").GetDouble());
        Assert.True(m.GetProperty("bigendian.nii.gz").GetProperty("big_endian").GetBoolean());
        Assert.Equal(2, NiftiReader.ReadHeader(_dir.Combine("nifti2.nii")).Version);
        Assert.Equal(NiftiDataType.Int16, NiftiReader.ReadHeader(_dir.Combine("scaled.nii.gz")).DataType);
        Assert.Equal(2, NiftiReader.ReadHeader(_dir.Combine("slice.nii.gz")).SpatialDimensions);
    }

    static double[,] Matrix(JsonElement rows)
    {
        var m = new double[4, 4];
        int r = 0;
        foreach (var row in rows.EnumerateArray())
        {
            int c = 0;
            foreach (var v in row.EnumerateArray()) m[r, c++] = v.GetDouble();
            r++;
        }
        return m;
    }

    static void AssertMatrix(string what, double[,] expected, double[,] actual, double tol)
    {
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                Assert.True(Math.Abs(expected[r, c] - actual[r, c]) <= tol * Math.Max(1, Math.Abs(expected[r, c])),
                    $"{what}[{r},{c}]: expected {expected[r, c]}, nibabel {actual[r, c]}");
    }
}
