using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NnUNet.Host.Demo;

/// <summary>
/// Writes the demo's phantoms: the 3D ones as a raw nnU-Net v1 Task (imagesTr, labelsTr, imagesTs, labelsTs, dataset.json
/// from generate_dataset_json), the 2D ones as gray PNG images with label-mask PNGs in the layout of the png2d converter
/// (images/, labels/, imagesTs/, labelsTs/). Case i of a set is always the same phantom (seeded per case); the test
/// cases are numbered after the training cases.
/// </summary>
public static class PhantomDataset
{
    public const string Modality = "MRI";
    public static readonly IReadOnlyDictionary<int, string> Labels = new Dictionary<int, string> { [0] = "background", [Phantom.Organ] = "organ", [Phantom.Lesion] = "lesion" };

    // Case i of the 3D (2D) set is phantom Seed3D + i (Seed2D + i); the test cases follow the training cases.
    const int Seed3D = 3_000, Seed2D = 2_000;
    // 8-bit gray value per intensity unit of the 2D phantoms (their intensities stay below about 400).
    const double PngScale = 255.0 / 400;

    /// <summary>Writes the 3D Task folder <paramref name="taskFolder"/> (which must not exist yet).</summary>
    public static void Write3DTask(string taskFolder, string taskName, int[] shape, double[] spacing, int trainingCases, int testCases)
    {
        foreach (string sub in new[] { "imagesTr", "labelsTr", "imagesTs", "labelsTs" }) Directory.CreateDirectory(Path.Combine(taskFolder, sub));
        var geometry = ImageGeometry.Identity.WithSpacing(spacing);
        Parallel.For(0, trainingCases + testCases, i =>
        {
            bool test = i >= trainingCases;
            string id = CaseId(i);
            var phantom = Phantom.Create(shape, spacing, Seed3D + i);
            NiftiWriter.Write(Path.Combine(taskFolder, test ? "imagesTs" : "imagesTr", id + "_0000.nii.gz"), new NnUNet.Core.Imaging.Image(phantom.Image, 1, shape, geometry));
            var labels = new LabelMap(shape, geometry, Phantom.Lesion);
            phantom.Labels.CopyTo(labels.Bytes, 0);
            NiftiWriter.Write(Path.Combine(taskFolder, test ? "labelsTs" : "labelsTr", id + ".nii.gz"), labels);
        });
        DatasetJsonGenerator.Generate(Path.Combine(taskFolder, DatasetDescription.FileName), Path.Combine(taskFolder, "imagesTr"),
            Path.Combine(taskFolder, "imagesTs"), [Modality], Labels, taskName,
            description: "nnunet demo: synthetic 3D MR-like phantoms, an organ (1) holding a lesion (2), anisotropic spacing, noise and bias field");
    }

    /// <summary>Writes the 2D PNG source folder for png2d into <paramref name="folder"/>.</summary>
    public static void Write2DPngs(string folder, int[] size, double[] spacing, int trainingCases, int testCases)
    {
        int[] shape = [1, size[0], size[1]];
        double[] spacing3D = [1, spacing[0], spacing[1]];
        foreach (string sub in new[] { "images", "labels", "imagesTs", "labelsTs" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        Parallel.For(0, trainingCases + testCases, i =>
        {
            bool test = i >= trainingCases;
            string name = CaseId(i) + ".png";
            var phantom = Phantom.Create(shape, spacing3D, Seed2D + i);
            using (var image = new Image<L8>(size[1], size[0]))
            {
                for (int y = 0; y < size[0]; y++)
                for (int x = 0; x < size[1]; x++)
                    image[x, y] = new L8((byte)Math.Clamp(Math.Round(phantom.Image[y * size[1] + x] * PngScale), 0, 255));
                image.SaveAsPng(Path.Combine(folder, test ? "imagesTs" : "images", name));
            }
            using var mask = new Image<L8>(size[1], size[0]);
            for (int y = 0; y < size[0]; y++)
            for (int x = 0; x < size[1]; x++)
                mask[x, y] = new L8(phantom.Labels[y * size[1] + x]);
            mask.SaveAsPng(Path.Combine(folder, test ? "labelsTs" : "labels", name));
        });
    }

    /// <summary>phantom_000, phantom_001, ...</summary>
    public static string CaseId(int index) => $"phantom_{index:D3}";
}
