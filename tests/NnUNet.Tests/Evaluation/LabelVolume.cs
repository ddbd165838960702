using NnUNet.Core.Imaging;

namespace NnUNet.Tests.Evaluation;

/// <summary>A small label map under construction: boxes of labels painted on background, written as uint8 NIfTI.</summary>
internal sealed class LabelVolume
{
    public static readonly ImageGeometry Geometry = new([2.0, 0.5, 0.75], [-10.0, 4.0, 7.5], [1, 0, 0, 0, 1, 0, 0, 0, 1]);

    public LabelVolume(int depth, int height, int width) => Shape = [depth, height, width];

    public LabelVolume(Image image)
    {
        Shape = image.Shape;
        Data = (float[])image.Data.Clone();
    }

    public int[] Shape { get; }

    public float[] Data { get => data ??= new float[Shape[0] * Shape[1] * Shape[2]]; private init => data = value; }
    float[]? data;

    public float this[int z, int y, int x]
    {
        get => Data[(z * Shape[1] + y) * Shape[2] + x];
        set => Data[(z * Shape[1] + y) * Shape[2] + x] = value;
    }

    /// <summary>Sets the box [z0, z1) x [y0, y1) x [x0, x1) to <paramref name="label"/>.</summary>
    public LabelVolume Box(int label, int z0, int z1, int y0, int y1, int x0, int x1)
    {
        for (int z = z0; z < z1; z++)
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++) this[z, y, x] = label;
        return this;
    }

    public LabelVolume Copy() => new(ToImage());

    public Image ToImage(ImageGeometry? geometry = null) => new((float[])Data.Clone(), 1, (int[])Shape.Clone(), geometry ?? Geometry);

    public string Write(string path, ImageGeometry? geometry = null, NiftiDataType dataType = NiftiDataType.UInt8)
    {
        NiftiWriter.Write(path, ToImage(geometry), dataType);
        return path;
    }

    public long CountOf(int label) => Data.LongCount(v => v == label);
}
