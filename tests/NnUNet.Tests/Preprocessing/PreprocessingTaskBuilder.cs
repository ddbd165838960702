using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Preprocessing;

/// <summary>
/// Small raw v1 Tasks for the preprocessing tests: every case is a cylinder of non-zero values along z (zero
/// outside, so cropping removes the corners; a zero cavity in its middle is a hole the crop fills) holding label 1
/// in an ellipsoid and label 2 in a smaller one.
/// </summary>
internal sealed class PreprocessingTaskBuilder
{
    public static readonly Dictionary<int, string> Labels = new() { [0] = "background", [1] = "organ", [2] = "lesion" };

    public PreprocessingTaskBuilder(TempDirectory temp, string name = "Task502_Pre")
    {
        RawDataBase = temp.Path;
        Folder = temp.Combine(NnUNetPaths.RawDataFolderName, name);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The v1 raw data base (holds nnUNet_raw_data/).</summary>
    public string RawDataBase { get; }

    /// <summary>The Task folder.</summary>
    public string Folder { get; }

    public string Image(string id, int channel) => Path.Combine(Folder, "imagesTr", $"{id}_{channel:D4}.nii.gz");

    public string Label(string id) => Path.Combine(Folder, "labelsTr", $"{id}.nii.gz");

    /// <summary>Writes <paramref name="count"/> cases case_00.. of <paramref name="shape"/> with the given spacing per case, and dataset.json.</summary>
    public PreprocessingTaskBuilder WithCases(int count, int[] shape, Func<int, double[]> spacing, params string[] modalities)
    {
        for (int i = 0; i < count; i++)
        {
            string id = $"case_{i:D2}";
            var geometry = new ImageGeometry(spacing(i), [1.5 * i, -2, 3], [1, 0, 0, 0, -1, 0, 0, 0, 1]);
            var (images, label) = MakeCase(shape, modalities.Length, seed: i);
            for (int c = 0; c < modalities.Length; c++)
                Write(Image(id, c), new Image(images[c], 1, shape, geometry), NiftiDataType.Float32);
            Write(Label(id), new Image(label, 1, shape, geometry), NiftiDataType.UInt8);
        }
        DatasetJsonGenerator.Generate(Path.Combine(Folder, DatasetDescription.FileName), Path.Combine(Folder, "imagesTr"), null,
            modalities, Labels, "Pre");
        return this;
    }

    /// <summary>Channel volumes and the label map of one synthetic case.</summary>
    public static (float[][] Images, float[] Label) MakeCase(int[] shape, int channels, int seed)
    {
        int nz = shape[0], ny = shape[1], nx = shape[2];
        var images = Enumerable.Range(0, channels).Select(_ => new float[nz * ny * nx]).ToArray();
        var label = new float[nz * ny * nx];
        var random = new Random(seed);
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = (z * ny + y) * nx + x;
                    double v = (y - (ny - 1) / 2.0) / (0.42 * ny), u = (x - (nx - 1) / 2.0) / (0.4 * nx);
                    double w = nz == 1 ? 0 : (z - (nz - 1) / 2.0) / (0.45 * nz);
                    bool body = v * v + u * u < 1;
                    bool cavity = nz > 2 && Math.Abs(v) < 0.12 && Math.Abs(u) < 0.12 && Math.Abs(w) < 0.2;
                    if (!body || cavity) continue;
                    for (int c = 0; c < channels; c++)
                        images[c][i] = (float)(100 + 60 * Math.Sin(0.3 * z + 0.2 * y + seed) + 25 * c + 20 * random.NextDouble());
                    double r1 = Sq(w / 0.8) + Sq((v - 0.2) / 0.5) + Sq(u / 0.6), r2 = Sq(w / 0.5) + Sq((v - 0.25) / 0.25) + Sq((u - 0.1) / 0.3);
                    label[i] = r2 < 1 ? 2 : r1 < 1 ? 1 : 0;
                }
        return (images, label);
    }

    static double Sq(double value) => value * value;

    static void Write(string path, Image image, NiftiDataType type)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        NiftiWriter.Write(path, image, type);
    }
}
