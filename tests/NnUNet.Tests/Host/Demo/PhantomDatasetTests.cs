using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Host.Demo;
using NnUNet.Tests.TestSupport;
using SixLabors.ImageSharp.PixelFormats;
using Png = SixLabors.ImageSharp.Image;

namespace NnUNet.Tests.Host.Demo;

/// <summary>The files the demo generates: a raw v1 task with the phantoms' anisotropic geometry, and png2d's source layout.</summary>
public class PhantomDatasetTests
{
    [Fact]
    public void ThreeDTaskHoldsTheCasesWithTheirAnisotropicGeometryAndADatasetJson()
    {
        using var temp = new TempDirectory();
        string task = temp.Combine("Task901_Phantom3D");
        int[] shape = [8, 24, 32];
        double[] spacing = [3.0, 0.8, 0.7];

        PhantomDataset.Write3DTask(task, "Task901_Phantom3D", shape, spacing, trainingCases: 2, testCases: 1);

        var description = DatasetDescription.Read(task);
        Assert.Equal([PhantomDataset.Modality], description.Channels);
        Assert.Equal(PhantomDataset.Labels, description.Labels);
        Assert.Equal(["phantom_000", "phantom_001"], description.Training.Select(c => c.Id).Order());
        Assert.Equal(["phantom_002"], description.Test.Select(c => c.Id));
        foreach (var (images, labels, id) in new[] { ("imagesTr", "labelsTr", "phantom_000"), ("imagesTr", "labelsTr", "phantom_001"), ("imagesTs", "labelsTs", "phantom_002") })
        {
            var image = NiftiReader.Read(Path.Combine(task, images, id + "_0000.nii.gz"));
            var label = NiftiReader.Read(Path.Combine(task, labels, id + ".nii.gz"));
            foreach (var read in new[] { image, label })
            {
                Assert.Equal(shape, read.Shape);
                Assert.Equal(spacing, read.Geometry.Spacing, (a, b) => Math.Abs(a - b) < 1e-6);
            }
            Assert.Equal([0f, 1f, 2f], label.Data.Distinct().Order());
            Assert.True(image.Data.Max() > 0);
        }
    }

    [Fact]
    public void TwoDPngsHaveTheSizeAsHeightByWidthAndLabelValuesAsGray()
    {
        using var temp = new TempDirectory();

        PhantomDataset.Write2DPngs(temp.Path, [40, 56], [0.8, 0.8], trainingCases: 2, testCases: 1);

        foreach (var (images, labels, id) in new[] { ("images", "labels", "phantom_000"), ("images", "labels", "phantom_001"), ("imagesTs", "labelsTs", "phantom_002") })
        {
            using var image = Png.Load<L8>(temp.Combine(images, id + ".png"));
            using var mask = Png.Load<L8>(temp.Combine(labels, id + ".png"));
            Assert.Equal((56, 40), (image.Width, image.Height));
            Assert.Equal((56, 40), (mask.Width, mask.Height));
            var values = new HashSet<byte>();
            mask.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                    foreach (var pixel in rows.GetRowSpan(y)) values.Add(pixel.PackedValue);
            });
            Assert.Equal(new byte[] { 0, 1, 2 }, values.Order());
        }
    }
}
