using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Imaging;

/// <summary>
/// Hand-built headers whose geometry is derived by hand from the NIfTI-1 spec (nifti1.h, "method 2" quaternion and
/// "method 3" sform) and ITK's conventions: spacing = pixdim[1..3]; ITK's LPS = RAS with x and y negated;
/// origin = translation column in LPS; direction column j = normalised transform column j in LPS.
/// </summary>
public class NiftiHeaderKnownAnswerTests : IDisposable
{
    readonly TempDirectory _dir = new("nifti-kat");
    public void Dispose() => _dir.Dispose();

    static readonly float[] Ramp8 = [0, 1, 2, 3, 4, 5, 6, 7];

    string Save(string name, byte[] content)
    {
        string path = _dir.Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    static void Near(double[] expected, double[] actual, double tol = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"[{i}] expected {expected[i]}, got {actual[i]} (all: {string.Join(", ", actual)})");
    }

    [Fact]
    public void QformWithQfacMinusOne()
    {
        // Quaternion (b, c, d) = (0.5, 0.5, 0.5): a = sqrt(1 - 0.75) = 0.5. nifti1.h's R:
        //   [a²+b²-c²-d²  2(bc-ad)     2(bd+ac)   ]   [0 0 1]
        //   [2(bc+ad)     a²+c²-b²-d²  2(cd-ab)   ] = [1 0 0]
        //   [2(bd-ac)     2(cd+ab)     a²+d²-c²-b²]   [0 1 0]
        // qfac = pixdim[0] = -1 negates the k column: columns (RAS) i -> (0,1,0), j -> (0,0,1), k -> (-1,0,0).
        // LPS (negate x, y): i -> (0,-1,0), j -> (0,0,1), k -> (1,0,0). Row-major direction below.
        // qoffset (10, -20, 30) RAS -> origin (-10, 20, 30) LPS. pixdim (2, 3, 4) -> spacing (z,y,x) = (4, 3, 2).
        var b = new NiftiFileBuilder
        {
            PixDim = [-1, 2, 3, 4, 1, 1, 1, 1], QFormCode = 1, Quatern = [0.5, 0.5, 0.5], QOffset = [10, -20, 30],
        };
        string path = Save("qform.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)));
        var g = NiftiReader.Read(path).Geometry;
        Near([4, 3, 2], g.Spacing);
        Near([-10, 20, 30], g.Origin);
        Near([0, 0, 1, -1, 0, 0, 0, 1, 0], g.Direction);
        Assert.Equal(g.Direction, NiftiReader.ReadHeader(path).Geometry.Direction);
    }

    [Fact]
    public void QformWithHalfTurnQuaternionRenormalises()
    {
        // (b, c, d) = (0, 0, 1): 1 - (b²+c²+d²) = 0, so a = 0: a half turn about z. R = diag(-1, -1, 1) (RAS);
        // LPS negates x and y rows: identity. qoffset (1, 2, 3) -> origin (-1, -2, 3).
        var b = new NiftiFileBuilder { QFormCode = 1, Quatern = [0, 0, 1], QOffset = [1, 2, 3] };
        var g = NiftiReader.Read(Save("half.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)))).Geometry;
        Near([1, 0, 0, 0, 1, 0, 0, 0, 1], g.Direction);
        Near([-1, -2, 3], g.Origin);
    }

    [Fact]
    public void SformOnly()
    {
        // srow (RAS) columns: i -> (0,-2,0) |2|, j -> (0,0,2.5) |2.5|, k -> (-1.5,0,0) |1.5|; pixdim matches.
        // LPS unit columns: i -> (0,1,0), j -> (0,0,1), k -> (1,0,0). Translation (5, 6, -7) -> origin (-5, -6, -7).
        var b = new NiftiFileBuilder
        {
            PixDim = [1, 2, 2.5, 1.5, 1, 1, 1, 1], SFormCode = 2,
            SRow = [[0, 0, -1.5, 5], [-2, 0, 0, 6], [0, 2.5, 0, -7]],
            Quatern = [0.3, 0.1, 0.2], QOffset = [99, 99, 99], // ignored: qform_code 0
        };
        var g = NiftiReader.Read(Save("sform.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)))).Geometry;
        Near([1.5, 2.5, 2], g.Spacing);
        Near([-5, -6, -7], g.Origin);
        Near([0, 0, 1, 1, 0, 0, 0, 1, 0], g.Direction);
    }

    [Fact]
    public void PixdimOnlyGivesZeroOriginAndIdentity()
    {
        var b = new NiftiFileBuilder
        {
            PixDim = [1, 0.5, 0.6, 0.7, 1, 1, 1, 1],
            Quatern = [0.5, 0.5, 0.5], QOffset = [1, 2, 3], SRow = [[2, 0, 0, 1], [0, 2, 0, 1], [0, 0, 2, 1]],
        };
        var g = NiftiReader.Read(Save("pixdim.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)))).Geometry;
        Near([0.7, 0.6, 0.5], g.Spacing);
        Near([0, 0, 0], g.Origin);
        Near([1, 0, 0, 0, 1, 0, 0, 0, 1], g.Direction);
    }

    [Fact]
    public void ScannerSformWinsOverDifferentQform()
    {
        // ITK prefers an orthonormal sform with code 1 (scanner) even when the qform says something else.
        var b = new NiftiFileBuilder
        {
            QFormCode = 1, Quatern = [0, 0, 1], QOffset = [1, 2, 3],
            SFormCode = 1, SRow = [[1, 0, 0, 4], [0, 1, 0, 5], [0, 0, 1, 6]],
        };
        var g = NiftiReader.Read(Save("both.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)))).Geometry;
        Near([-4, -5, 6], g.Origin);
        Near([-1, 0, 0, 0, -1, 0, 0, 0, 1], g.Direction); // RAS identity -> LPS diag(-1, -1, 1)
    }

    [Fact]
    public void QformWinsOverDifferentAlignedSform()
    {
        // sform code 2 (aligned to another space) that differs from the qform: ITK keeps the qform (scanner space).
        var b = new NiftiFileBuilder
        {
            QFormCode = 1, Quatern = [0, 0, 1], QOffset = [1, 2, 3],
            SFormCode = 2, SRow = [[1, 0, 0, 4], [0, 1, 0, 5], [0, 0, 1, 6]],
        };
        var g = NiftiReader.Read(Save("aligned.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)))).Geometry;
        Near([-1, -2, 3], g.Origin);
        Near([1, 0, 0, 0, 1, 0, 0, 0, 1], g.Direction);
    }

    [Fact]
    public void ShearedSformFallsBackToQform()
    {
        var b = new NiftiFileBuilder
        {
            QFormCode = 1, QOffset = [1, 2, 3], // identity quaternion
            SFormCode = 1, SRow = [[1, 0.5, 0, 4], [0, 1, 0, 5], [0, 0, 1, 6]],
        };
        var g = NiftiReader.Read(Save("shear.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)))).Geometry;
        Near([-1, -2, 3], g.Origin);
        Near([-1, 0, 0, 0, -1, 0, 0, 0, 1], g.Direction);
    }

    [Fact]
    public void ShearedSformWithoutQformIsRejected()
    {
        var b = new NiftiFileBuilder { SFormCode = 1, SRow = [[1, 0.5, 0, 4], [0, 1, 0, 5], [0, 0, 1, 6]] };
        string path = Save("shear-only.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)));
        var e = Assert.Throws<InvalidInputException>(() => NiftiReader.Read(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("sheared", e.Message);
    }

    [Fact]
    public void MetreUnitsAreReportedInMillimetres()
    {
        // xyzt_units 1 = metre: ITK scales spacing and origin by 1000.
        var b = new NiftiFileBuilder
        {
            XyztUnits = 1, PixDim = [1, 0.001, 0.002, 0.003, 1, 1, 1, 1],
            SFormCode = 1, SRow = [[0.001, 0, 0, 0.01], [0, 0.002, 0, 0.02], [0, 0, 0.003, 0.03]],
        };
        var g = NiftiReader.Read(Save("metre.nii", b.File(NiftiFileBuilder.Bytes(Ramp8)))).Geometry;
        Near([3, 2, 1], g.Spacing, 1e-4);
        Near([-10, -20, 30], g.Origin, 1e-4);
    }

    [Fact]
    public void TwoDimensionalFile()
    {
        // dim[0] = 2: z = 1; z spacing from pixdim[3] when > 0, else 1.
        float[] values = [1, 2, 3, 4, 5, 6]; // x fastest: 3 x 2
        var b = new NiftiFileBuilder { Dim = [2, 3, 2, 1, 1, 1, 1, 1], PixDim = [1, 0.5, 0.25, 0, 1, 1, 1, 1] };
        string path = Save("2d.nii", b.File(NiftiFileBuilder.Bytes(values)));
        var image = NiftiReader.Read(path);
        Assert.Equal([1, 2, 3], image.Shape);
        Assert.Equal(values, image.Data);
        Near([1, 0.25, 0.5], image.Geometry.Spacing);
        Assert.Equal(2, NiftiReader.ReadHeader(path).SpatialDimensions);

        var withZ = new NiftiFileBuilder { Dim = [2, 3, 2, 1, 1, 1, 1, 1], PixDim = [1, 0.5, 0.25, 7, 1, 1, 1, 1] };
        Near([7, 0.25, 0.5], NiftiReader.Read(Save("2dz.nii", withZ.File(NiftiFileBuilder.Bytes(values)))).Geometry.Spacing);
    }

    [Fact]
    public void FourDimensionalFileBecomesChannels()
    {
        // dim (2, 1, 1, 3): NIfTI order x, y, z, t is engine (c, z, y, x) C order: value = 10 c + x.
        float[] values = [0, 1, 10, 11, 20, 21];
        var b = new NiftiFileBuilder { Dim = [4, 2, 1, 1, 3, 1, 1, 1] };
        string path = Save("4d.nii", b.File(NiftiFileBuilder.Bytes(values)));
        var image = NiftiReader.Read(path);
        Assert.Equal(3, image.Channels);
        Assert.Equal([1, 1, 2], image.Shape);
        Assert.Equal([20f, 21f], image.Channel(2).ToArray());
        var info = NiftiReader.ReadHeader(path);
        Assert.Equal((3, 3), (info.Channels, info.SpatialDimensions));
    }

    [Fact]
    public void AxisOrderIsZYX()
    {
        // dims x=4, y=3, z=2 with value = 100 z + 10 y + x stored x fastest.
        var values = new float[24];
        for (int z = 0, i = 0; z < 2; z++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) values[i++] = 100 * z + 10 * y + x;
        var b = new NiftiFileBuilder { Dim = [3, 4, 3, 2, 1, 1, 1, 1], PixDim = [1, 1, 2, 3, 1, 1, 1, 1] };
        var image = NiftiReader.Read(Save("zyx.nii", b.File(NiftiFileBuilder.Bytes(values))));
        Assert.Equal([2, 3, 4], image.Shape);
        Near([3, 2, 1], image.Geometry.Spacing);
        Assert.Equal(123f, image.Data[(1 * 3 + 2) * 4 + 3]);
    }

    public static TheoryData<short, string> StoredTypes => new()
    {
        { 2, "uint8" }, { 256, "int8" }, { 4, "int16" }, { 512, "uint16" }, { 8, "int32" }, { 768, "uint32" },
        { 1024, "int64" }, { 16, "float32" }, { 64, "float64" },
    };

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void ReadsEveryDatatypeInBothByteOrdersAndCompressions(short code, string name)
    {
        // 40 voxels (past one vector width) of extreme and ordinary values of the type.
        byte[] Raw(bool big) => code switch
        {
            2 => NiftiFileBuilder.Bytes(Fill<byte>(40, i => (byte)(i * 6 + 15))),
            256 => NiftiFileBuilder.Bytes(Fill<sbyte>(40, i => (sbyte)(i * 6 - 128))),
            4 => NiftiFileBuilder.Bytes(Fill<short>(40, i => (short)(i * 1600 - 32768)), big),
            512 => NiftiFileBuilder.Bytes(Fill<ushort>(40, i => (ushort)(i * 1600 + 3)), big),
            8 => NiftiFileBuilder.Bytes(Fill<int>(40, i => i * 1000003 - 20000000), big),
            768 => NiftiFileBuilder.Bytes(Fill<uint>(40, i => (uint)i * 100000007u), big),
            1024 => NiftiFileBuilder.Bytes(Fill<long>(40, i => (i - 20) * 123456789012L), big),
            16 => NiftiFileBuilder.Bytes(Fill<float>(40, i => i * 0.37f - 5), big),
            _ => NiftiFileBuilder.Bytes(Fill<double>(40, i => i * 0.37 - 5), big),
        };
        float[] expected = code switch
        {
            2 => Fill<float>(40, i => i * 6 + 15),
            256 => Fill<float>(40, i => i * 6 - 128),
            4 => Fill<float>(40, i => i * 1600 - 32768),
            512 => Fill<float>(40, i => i * 1600 + 3),
            8 => Fill<float>(40, i => i * 1000003 - 20000000),
            768 => Fill<float>(40, i => (uint)i * 100000007u),
            1024 => Fill<float>(40, i => (i - 20) * 123456789012L),
            16 => Fill<float>(40, i => i * 0.37f - 5),
            _ => Fill<float>(40, i => (float)(i * 0.37 - 5)),
        };
        foreach (bool big in new[] { false, true })
        {
            var b = new NiftiFileBuilder { BigEndian = big, DataType = code, Dim = [3, 5, 4, 2, 1, 1, 1, 1] };
            byte[] file = b.File(Raw(big));
            Assert.Equal(expected, NiftiReader.Read(Save($"{name}-{big}.nii", file)).Data);
            Assert.Equal(expected, NiftiReader.Read(Save($"{name}-{big}.nii.gz", NiftiFileBuilder.Gzip(file))).Data);
            Assert.Equal((NiftiDataType)code, NiftiReader.ReadHeader(_dir.Combine($"{name}-{big}.nii.gz")).DataType);
        }
    }

    [Fact]
    public void CompressionIsDetectedFromContentNotName()
    {
        byte[] file = new NiftiFileBuilder().File(NiftiFileBuilder.Bytes(Ramp8));
        Assert.Equal(Ramp8, NiftiReader.Read(Save("gzipped-but-named.nii", NiftiFileBuilder.Gzip(file))).Data);
        Assert.Equal(Ramp8, NiftiReader.Read(Save("plain-but-named.nii.gz", file)).Data);
    }

    static T[] Fill<T>(int n, Func<int, T> f) => Enumerable.Range(0, n).Select(f).ToArray();

    [Fact]
    public void ScaleSlopeAndInterceptAreApplied()
    {
        // nifti1.h: y = scl_slope * x + scl_inter when scl_slope != 0.
        short[] raw = [-3, 0, 5, 1000, 20, 21, 22, 23, 24, 25];
        var b = new NiftiFileBuilder { DataType = 4, Dim = [3, 10, 1, 1, 1, 1, 1, 1], SclSlope = 0.5, SclInter = -10 };
        var image = NiftiReader.Read(Save("scaled.nii.gz", NiftiFileBuilder.Gzip(b.File(NiftiFileBuilder.Bytes(raw)))));
        Assert.Equal(raw.Select(v => v * 0.5f - 10).ToArray(), image.Data);
        var info = NiftiReader.ReadHeader(_dir.Combine("scaled.nii.gz"));
        Assert.Equal((0.5, -10.0), (info.ScaleSlope, info.ScaleIntercept));

        // scl_slope 0 means "not scaled", whatever scl_inter holds.
        var unscaled = new NiftiFileBuilder { DataType = 4, Dim = [3, 10, 1, 1, 1, 1, 1, 1], SclSlope = 0, SclInter = 7 };
        Assert.Equal(raw.Select(v => (float)v).ToArray(), NiftiReader.Read(Save("unscaled.nii", unscaled.File(NiftiFileBuilder.Bytes(raw)))).Data);

        // Float data is scaled too (slope applied in double, result rounded to float32).
        double[] f64 = [1.5, -2.25, 3];
        var scaled64 = new NiftiFileBuilder { DataType = 64, Dim = [3, 3, 1, 1, 1, 1, 1, 1], SclSlope = 2, SclInter = 1 };
        Assert.Equal([4f, -3.5f, 7f], NiftiReader.Read(Save("scaled64.nii", scaled64.File(NiftiFileBuilder.Bytes(f64)))).Data);
    }

    [Fact]
    public void Nifti2HeaderWithExtensionGap()
    {
        // NIfTI-2: 540-byte header, int64 dims, double fields; vox_offset 1024 leaves room for extensions.
        var values = Fill<float>(24, i => i * 1.5f);
        var b = new NiftiFileBuilder
        {
            Version = 2, Dim = [3, 4, 3, 2, 1, 1, 1, 1], PixDim = [1, 0.8, 0.9, 2.5, 1, 1, 1, 1], VoxOffset = 1024,
            SFormCode = 1, SRow = [[-0.8, 0, 0, 12.5], [0, -0.9, 0, 14.25], [0, 0, 2.5, -100]],
        };
        string path = Save("n2.nii", b.File(NiftiFileBuilder.Bytes(values)));
        var image = NiftiReader.Read(path);
        Assert.Equal(values, image.Data);
        Assert.Equal([2, 3, 4], image.Shape);
        Near([2.5, 0.9, 0.8], image.Geometry.Spacing);
        Near([-12.5, -14.25, -100], image.Geometry.Origin);
        Near([1, 0, 0, 0, 1, 0, 0, 0, 1], image.Geometry.Direction); // RAS diag(-1,-1,1) is LPS identity
        Assert.Equal(2, NiftiReader.ReadHeader(path).Version);

        var big = new NiftiFileBuilder { Version = 2, BigEndian = true, Dim = [3, 4, 3, 2, 1, 1, 1, 1] };
        Assert.Equal(values, NiftiReader.Read(Save("n2be.nii.gz", NiftiFileBuilder.Gzip(big.File(NiftiFileBuilder.Bytes(values, true))))).Data);
    }
}
