using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Datasets;

/// <summary>Builds small raw Task folders of tiny NIfTI files (4 x 5 x 6) for the dataset tests.</summary>
internal sealed class RawTaskBuilder
{
    public static readonly int[] Shape = [4, 5, 6];
    public static readonly ImageGeometry Geometry = new([3.0, 0.8, 0.7], [10.0, -20.0, 5.0], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    public static readonly Dictionary<int, string> Labels = new() { [0] = "background", [1] = "liver", [2] = "tumour" };

    public RawTaskBuilder(TempDirectory temp, string name = "Task501_Test")
    {
        Folder = temp.Combine("nnUNet_raw_data", name);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string ImagesTr(string file) => Path.Combine(Folder, "imagesTr", file);
    public string LabelsTr(string file) => Path.Combine(Folder, "labelsTr", file);
    public string ImagesTs(string file) => Path.Combine(Folder, "imagesTs", file);

    /// <summary>A clean v1 Task: cases case_00.. with <paramref name="channels"/> channels, labels 0..2, test cases test_00..</summary>
    public RawTaskBuilder WithCases(int training = 3, int test = 1, int channels = 2)
    {
        for (int i = 0; i < training; i++)
        {
            string id = $"case_{i:D2}";
            for (int c = 0; c < channels; c++) WriteImage(ImagesTr($"{id}_{c:D4}.nii.gz"), seed: i * 10 + c);
            WriteLabel(LabelsTr($"{id}.nii.gz"));
        }
        for (int i = 0; i < test; i++)
            for (int c = 0; c < channels; c++) WriteImage(ImagesTs($"test_{i:D2}_{c:D4}.nii.gz"), seed: 100 + i * 10 + c);
        DatasetJsonGenerator.Generate(Path.Combine(Folder, "dataset.json"), Path.Combine(Folder, "imagesTr"),
            test > 0 ? Path.Combine(Folder, "imagesTs") : null,
            Enumerable.Range(0, channels).Select(c => c == 0 ? "CT" : $"MR{c}").ToList(), Labels, "Test");
        return this;
    }

    /// <summary>An image of smooth values; <paramref name="edit"/> may change voxels before writing.</summary>
    public static void WriteImage(string path, int seed = 0, int[]? shape = null, ImageGeometry? geometry = null,
        Action<float[]>? edit = null, int channels = 1)
    {
        shape ??= Shape;
        var data = new float[channels * shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < data.Length; i++) data[i] = MathF.Sin(i * 0.37f + seed) * 100f;
        edit?.Invoke(data);
        Write(path, new Image(data, channels, shape, geometry ?? Geometry), NiftiDataType.Float32);
    }

    /// <summary>A label map with values 0, 1, 2 (voxel index mod 3); <paramref name="edit"/> may change voxels.</summary>
    public static void WriteLabel(string path, int[]? shape = null, ImageGeometry? geometry = null,
        Action<float[]>? edit = null, NiftiDataType dataType = NiftiDataType.UInt8)
    {
        shape ??= Shape;
        var data = new float[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < data.Length; i++) data[i] = i % 3;
        edit?.Invoke(data);
        Write(path, new Image(data, 1, shape, geometry ?? Geometry), dataType);
    }

    static void Write(string path, Image image, NiftiDataType type)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        NiftiWriter.Write(path, image, type);
    }

    /// <summary>Replaces text in dataset.json (for problems the generator would never write).</summary>
    public void EditJson(string from, string to)
    {
        string path = Path.Combine(Folder, "dataset.json");
        string text = File.ReadAllText(path);
        if (!text.Contains(from)) throw new InvalidOperationException($"dataset.json does not contain {from}");
        File.WriteAllText(path, text.Replace(from, to));
    }
}
