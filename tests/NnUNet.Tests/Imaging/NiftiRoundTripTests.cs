using NnUNet.Abstractions;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Imaging;

/// <summary>Writer -> reader round trips for every datatype, 2D (z = 1), 3D and 4D, plain and gzip.</summary>
public class NiftiRoundTripTests : IDisposable
{
    readonly TempDirectory _dir = new("nifti-roundtrip");
    public void Dispose() => _dir.Dispose();

    /// <summary>An oblique, left-handed geometry: rotation of 30 degrees about z, then the z axis flipped.</summary>
    static ImageGeometry Oblique()
    {
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        return new ImageGeometry([2.5, 0.75, 0.8], [-120.25, 33.5, 7.125], [c, -s, 0, s, c, 0, 0, 0, -1]);
    }

    /// <summary>A right-handed rotation about an oblique axis (all nine direction entries non-zero).</summary>
    static ImageGeometry Rotated()
    {
        // Rotation by 50 degrees about the unit axis (1, 2, 2) / 3 (Rodrigues' formula).
        double t = 50 * Math.PI / 180, c = Math.Cos(t), s = Math.Sin(t), x = 1 / 3.0, y = 2 / 3.0, z = 2 / 3.0;
        double[] r =
        [
            c + x * x * (1 - c), x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
            y * x * (1 - c) + z * s, c + y * y * (1 - c), y * z * (1 - c) - x * s,
            z * x * (1 - c) - y * s, z * y * (1 - c) + x * s, c + z * z * (1 - c),
        ];
        return new ImageGeometry([3, 1.25, 1.5], [10, -20, 30], r);
    }

    static float[] Values(NiftiDataType type, int count)
    {
        // Covers the type's extremes and values around them.
        var random = new Random(count);
        var (min, max) = type switch
        {
            NiftiDataType.UInt8 => (0.0, 255.0),
            NiftiDataType.Int8 => (-128.0, 127.0),
            NiftiDataType.Int16 => (-32768.0, 32767.0),
            NiftiDataType.UInt16 => (0.0, 65535.0),
            NiftiDataType.Int32 => (-2e9, 2e9),
            NiftiDataType.UInt32 => (0.0, 4e9),
            NiftiDataType.Int64 => (-1e15, 1e15),
            _ => (-1e4, 1e4),
        };
        bool integer = type is not (NiftiDataType.Float32 or NiftiDataType.Float64);
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            double d = min + random.NextDouble() * (max - min);
            v[i] = integer ? MathF.Round((float)d) : (float)d;
        }
        v[0] = (float)min;
        v[count - 1] = (float)max;
        if (integer) { v[1] = MathF.Round((float)min); v[2] = MathF.Round((float)max); }
        return v;
    }

    public static TheoryData<NiftiDataType, int, string> Cases()
    {
        var data = new TheoryData<NiftiDataType, int, string>();
        foreach (var type in Enum.GetValues<NiftiDataType>())
            foreach (int layout in new[] { 2, 3, 4 })
                data.Add(type, layout, layout == 3 ? ".nii" : ".nii.gz");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RoundTrip(NiftiDataType type, int layout, string extension)
    {
        // layout 2: one 2D slice (z = 1); 3: a 3D volume; 4: three channels.
        int channels = layout == 4 ? 3 : 1;
        int[] shape = layout == 2 ? [1, 9, 13] : [5, 7, 11];
        var geometry = layout == 3 ? Rotated() : Oblique();
        int count = channels * shape[0] * shape[1] * shape[2];
        var image = new Image(Values(type, count), channels, shape, geometry);
        string path = _dir.Combine($"{type}-{layout}{extension}");

        NiftiWriter.Write(path, image, type);
        var back = NiftiReader.Read(path);

        Assert.Equal(channels, back.Channels);
        Assert.Equal(shape, back.Shape);
        Assert.Equal(image.Data, back.Data);
        AssertGeometry(geometry, back.Geometry);
        var info = NiftiReader.ReadHeader(path);
        Assert.Equal((type, channels, 1), (info.DataType, info.Channels, info.Version));
        Assert.Equal(shape, info.Shape);
        Assert.Equal(3, info.SpatialDimensions); // z = 1 images are written as 3D files
    }

    internal static void AssertGeometry(ImageGeometry expected, ImageGeometry actual)
    {
        // float32 header fields: ~1e-7 relative.
        for (int i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(expected.Spacing[i] - actual.Spacing[i]) <= 1e-6 * expected.Spacing[i], $"spacing {i}: {actual.Spacing[i]}");
            Assert.True(Math.Abs(expected.Origin[i] - actual.Origin[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected.Origin[i])), $"origin {i}: {actual.Origin[i]}");
        }
        for (int i = 0; i < 9; i++)
            Assert.True(Math.Abs(expected.Direction[i] - actual.Direction[i]) <= 1e-6, $"direction {i}: {actual.Direction[i]}");
    }

    [Fact]
    public void IntegerTypesRoundToNearestTiesToEven()
    {
        var image = new Image([0.4f, 0.5f, 1.5f, 2.5f, -0.5f, -1.6f, 254.5f, 7.49f], 1, [1, 1, 8], ImageGeometry.Identity);
        string path = _dir.Combine("round.nii");
        NiftiWriter.Write(path, image, NiftiDataType.Int16);
        Assert.Equal([0f, 0f, 2f, 2f, 0f, -2f, 254f, 7f], NiftiReader.Read(path).Data);
    }

    [Theory]
    [InlineData(NiftiDataType.UInt8, 255.6f, "outside 0..255")]
    [InlineData(NiftiDataType.UInt8, -1f, "outside")]
    [InlineData(NiftiDataType.Int16, 32768f, "outside -32768..32767")]
    [InlineData(NiftiDataType.UInt16, -0.6f, "outside")]
    [InlineData(NiftiDataType.Int32, 3e9f, "outside")]
    [InlineData(NiftiDataType.Int16, float.NaN, "NaN")]
    [InlineData(NiftiDataType.UInt8, float.PositiveInfinity, "outside")]
    public void IntegerTypesRefuseUnstorableValues(NiftiDataType type, float bad, string why)
    {
        // The bad value sits at (c=1, z=2, y=0, x=3) of a 2 x 3 x 2 x 40 image, beyond the first vector blocks.
        var data = new float[2 * 3 * 2 * 40];
        int index = ((1 * 3 + 2) * 2 + 0) * 40 + 3;
        data[index] = bad;
        var image = new Image(data, 2, [3, 2, 40], ImageGeometry.Identity);
        string path = _dir.Combine("bad.nii.gz");
        File.WriteAllText(path, "previous content");

        var e = Assert.Throws<InvalidInputException>(() => NiftiWriter.Write(path, image, type));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("(c=1, z=2, y=0, x=3)", e.Message);
        Assert.Contains(why, e.Message);
        Assert.Equal("previous content", File.ReadAllText(path)); // atomic: the old file survives
        Assert.Single(Directory.GetFiles(_dir.Path)); // and no temporary file is left behind
    }

    [Fact]
    public void FloatTypesKeepNaNAndInfinity()
    {
        var image = new Image([float.NaN, float.PositiveInfinity, -0f, 1e-30f], 1, [1, 2, 2], ImageGeometry.Identity);
        foreach (var type in new[] { NiftiDataType.Float32, NiftiDataType.Float64 })
        {
            string path = _dir.Combine($"special-{type}.nii");
            NiftiWriter.Write(path, image, type);
            Assert.Equal(image.Data, NiftiReader.Read(path).Data);
        }
    }

    [Fact]
    public void RejectsBadPathAndGeometry()
    {
        var image = new Image(new float[8], 1, [2, 2, 2], ImageGeometry.Identity);
        Assert.Throws<ArgumentException>(() => NiftiWriter.Write(_dir.Combine("x.nrrd"), image));
        var flat = new Image(new float[8], 1, [2, 2, 2], new ImageGeometry([1, 0, 1], [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]));
        var e = Assert.Throws<ArgumentException>(() => NiftiWriter.Write(_dir.Combine("flat.nii"), flat));
        Assert.Contains("spacing", e.Message);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void PredictionTakesTheGeometryOfItsInput()
    {
        // Read an input, write a label map with its geometry: header transforms match exactly.
        var input = new Image(Values(NiftiDataType.Float32, 60), 1, [3, 4, 5], Rotated());
        string inputPath = _dir.Combine("case_0000.nii.gz");
        NiftiWriter.Write(inputPath, input);
        var read = NiftiReader.Read(inputPath);
        var labels = new Image(new float[60], 1, read.Shape, read.Geometry);
        string labelPath = _dir.Combine("case.nii.gz");
        NiftiWriter.Write(labelPath, labels, NiftiDataType.UInt8);
        var a = NiftiReader.ReadHeader(inputPath).Geometry;
        var b = NiftiReader.ReadHeader(labelPath).Geometry;
        Assert.Equal(a.Spacing, b.Spacing);
        Assert.Equal(a.Origin, b.Origin);
        Assert.Equal(a.Direction, b.Direction);
    }

    [Fact]
    public void LargeVolumeRoundTripCrossesChunkBoundaries()
    {
        // 2.2 M voxels: more than one conversion chunk (1 M voxels) and an uneven tail.
        int[] shape = [11, 200, 1000];
        var data = new float[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < data.Length; i++) data[i] = (int)((long)i * 7919 % 65536) - 32768;
        var image = new Image(data, 1, shape, ImageGeometry.Identity);
        string path = _dir.Combine("large.nii.gz");
        NiftiWriter.Write(path, image, NiftiDataType.Int16);
        Assert.Equal(data, NiftiReader.Read(path).Data);
    }
}
