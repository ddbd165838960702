using NnUNet.Converters.NaturalImages;
using NnUNet.Tests.Conversion;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Converters;

/// <summary>
/// A converted 2D image read by nibabel: what nnU-Net v1 (through SimpleITK) sees is an x-by-y-by-1 volume whose
/// third axis has spacing 999, with PNG row y on the y axis and column x on the x axis.
/// </summary>
public class PseudoThreeDCrossCheckTests
{
    [SkippableFact]
    public void NibabelSeesWidthHeightAndTheDummyAxis()
    {
        string? missing = PythonRunner.Missing("nibabel", "numpy");
        Skip.If(missing != null, missing);
        using var run = new ConversionRun();
        SourceFiles.GrayPng(run.InSource("images", "a.png"), 3, 5, (y, x) => 10 * y + x);
        SourceFiles.GrayPng(run.InSource("labels", "a.png"), 3, 5, (y, x) => y == 2 ? 1 : 0);
        run.Convert(new Png2dConverter(), new() { ["spacing"] = ["0.75", "0.5"] });

        string output = PythonRunner.Run("""
            import sys, nibabel as nib, numpy as np
            img = nib.load(sys.argv[1]); lab = nib.load(sys.argv[2])
            data = np.asarray(img.dataobj)
            print(data.shape, tuple(float(z) for z in img.header.get_zooms()), img.get_data_dtype())
            print(int(data[4, 1, 0]), int(data[0, 2, 0]), np.asarray(lab.dataobj)[:, 2, 0].tolist())
            """, run.InTask("imagesTr", "a_0000.nii.gz"), run.InTask("labelsTr", "a.nii.gz"));

        Assert.Equal(["(5, 3, 1) (0.5, 0.75, 999.0) uint8", "14 20 [1, 1, 1, 1, 1]"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
