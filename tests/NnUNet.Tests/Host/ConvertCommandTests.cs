using NnUNet.Core.Datasets;
using NnUNet.Tests.Conversion;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Host;

/// <summary>`nnunet convert` as a user runs it with the built host and its built-in converter plugins.</summary>
public class ConvertCommandTests
{
    static readonly string[] Converters =
        ["png2d", "tiff2d", "tiff3d", "Task120_MassRoadsSeg", "Task075_Fluo_C3DH_A549_ManAndSim", "Task076_Fluo_N3DH_SIM", "Task089_Fluo-N2DH-SIM"];

    /// <summary>images/ + labels/ of 2 gray PNG cases (value = case + pixel index), labels 0/1.</summary>
    static string PngSource(TempDirectory temp, int offset = 0)
    {
        string source = temp.Combine("my data");
        for (int i = 0; i < 2; i++)
        {
            SourceFiles.GrayPng(Path.Combine(source, "images", $"c{i}.png"), 3, 4, (y, x) => offset + i + y * 4 + x);
            SourceFiles.GrayPng(Path.Combine(source, "labels", $"c{i}.png"), 3, 4, (y, x) => x % 2);
        }
        return source;
    }

    static string[] HiddenEntries(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).ToArray()!;

    [Fact]
    public void HelpListsEveryConverterWithItsInputAndAConvertersOwnOptions()
    {
        BuiltHost.Result list = BuiltHost.Run(null, "convert", "--help");
        BuiltHost.Result png = BuiltHost.Run(null, "convert", "png2d", "--help");

        Assert.True(list.ExitCode == 0, list.ToString());
        foreach (string name in Converters)
            Assert.Contains(list.StdoutLines, l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal) && l.Contains("Input: "));
        Assert.True(png.ExitCode == 0, png.ToString());
        foreach (string option in new[] { "--spacing <Y X>", "--label-threshold <T>", "--colour-table <FILE>", "--labels <LABELS>", "--modality <NAMES>", "--overwrite", "-o, --output <DIR>" })
            Assert.Contains(option, png.Stdout);
    }

    [Fact]
    public void PluginsListsWhatInputEachConverterExpects()
    {
        BuiltHost.Result result = BuiltHost.Run(null, "plugins");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.StdoutLines, l => l.StartsWith("png2d ", StringComparison.Ordinal) && l.Contains("images/ and labels/ with PNG files"));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("Task120_MassRoadsSeg ", StringComparison.Ordinal) && l.Contains("road_segmentation_ideal/"));
    }

    [Fact]
    public void UnknownConverterIsOneLineListingTheAvailableOnes()
    {
        BuiltHost.Result result = BuiltHost.Run(null, "convert", "jpeg2d", "-i", "/nowhere", "-t", "5");

        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: no converter named 'jpeg2d' (known: ", line);
        Assert.All(Converters, name => Assert.Contains(name, line));
    }

    [Fact]
    public void ConvertsIntoTheRawDataBaseAndPrintsTheSummary()
    {
        using var temp = new TempDirectory();
        string source = PngSource(temp), rawBase = temp.Combine("raw");

        BuiltHost.Result result = BuiltHost.Run(null, "convert", "png2d", "-i", source, "-t", "502", "--raw-data-base", rawBase,
            "--labels", "0=background,1=stripe", "--spacing", "0.5", "0.5");

        Assert.True(result.ExitCode == 0, result.ToString());
        string task = Path.Combine(rawBase, "nnUNet_raw_data", "Task502_my_data");
        Assert.Equal(
        [
            "Task502_my_data: 2 training case(s), no test cases",
            "channels: 0 gray",
            "labels: 0 background, 1 stripe",
            $"written to {task}",
        ], result.StdoutLines.TakeLast(4));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("convert 2/2 ", StringComparison.Ordinal));
        Assert.False(DatasetIntegrityVerifier.Verify(task).HasErrors);
        Assert.Empty(HiddenEntries(Path.GetDirectoryName(task)!));
    }

    [Fact]
    public void ExistingTaskNeedsOverwriteWhichReplacesItOnlyWhenTheNewOneIsComplete()
    {
        using var temp = new TempDirectory();
        string output = temp.Combine("out");
        string[] common = ["-i", PngSource(temp), "-t", "503", "-n", "Stripes", "-o", output];
        string task = Path.Combine(output, "Task503_Stripes"), firstImage = Path.Combine(task, "imagesTr", "c1_0000.nii.gz");
        Assert.Equal(0, BuiltHost.Run(null, ["convert", "png2d", .. common]).ExitCode);
        // Another name with the same id counts as the same task.
        Directory.Move(task, Path.Combine(output, "Task503_Old"));

        BuiltHost.Result refused = BuiltHost.Run(null, ["convert", "png2d", .. common]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"error: {Path.Combine(output, "Task503_Old")}: task 503 exists already; pass --overwrite to replace it (it is kept until the new one is complete)",
            Assert.Single(refused.StderrLines));

        // A failing conversion with --overwrite leaves the old Task as it was.
        File.WriteAllText(Path.Combine(temp.Combine("my data"), "images", "c0.png"), "broken");
        BuiltHost.Result failed = BuiltHost.Run(null, ["convert", "png2d", .. common, "--overwrite"]);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("c0.png: not a PNG file", Assert.Single(failed.StderrLines));
        Assert.True(Directory.Exists(Path.Combine(output, "Task503_Old", "imagesTr")));
        Assert.Empty(HiddenEntries(output));

        PngSource(temp, offset: 100);
        BuiltHost.Result replaced = BuiltHost.Run(null, ["convert", "png2d", .. common, "--overwrite"]);
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.Equal(["Task503_Stripes"], Directory.EnumerateDirectories(output).Select(Path.GetFileName));
        Assert.Equal(101, NnUNet.Core.Imaging.NiftiReader.Read(firstImage).Data[0]);
    }

    [Fact]
    public void FailedConversionLeavesNoTaskAndNoTemporaryFolder()
    {
        using var temp = new TempDirectory();
        string source = PngSource(temp), output = temp.Combine("out");
        SourceFiles.GrayPng(Path.Combine(source, "labels", "c1.png"), 3, 5, (y, x) => 0);

        BuiltHost.Result result = BuiltHost.Run(null, "convert", "png2d", "-i", source, "-t", "504", "-o", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("c1.png: label size 1 x 3 x 5", Assert.Single(result.StderrLines));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
    }

    [Fact]
    public void SampleCsvConverterIsFoundThroughTheEnvironmentVariableWithoutRebuildingTheHost()
    {
        using var temp = new TempDirectory();
        string plugin = temp.Combine("plugins", "csv"), source = temp.Combine("listed"), output = temp.Combine("out");
        BuiltHost.CopyCsvSampleTo(plugin);
        SourceFiles.GrayPng(Path.Combine(source, "scans", "one.png"), 2, 3, (y, x) => 10 + x);
        SourceFiles.GrayPng(Path.Combine(source, "scans", "two.png"), 2, 3, (y, x) => 20 + y);
        SourceFiles.GrayPng(Path.Combine(source, "masks", "one.png"), 2, 3, (y, x) => x == 1 ? 1 : 0);
        File.WriteAllLines(Path.Combine(source, "cases.csv"), ["id,image,label", "first,scans/one.png,masks/one.png", "second,scans/two.png,"]);

        BuiltHost.Result result = BuiltHost.Run(temp.Combine("plugins"), "convert", "csv", "-i", source, "-t", "7", "-n", "Listed", "-o", output, "--modality", "MR");

        Assert.True(result.ExitCode == 0, result.ToString());
        string task = Path.Combine(output, "Task007_Listed");
        DatasetDescription dataset = DatasetDescription.Read(task);
        Assert.Equal(["first"], dataset.Training.Select(c => c.Id));
        Assert.Equal(["second"], dataset.Test.Select(c => c.Id));
        Assert.Equal(["MR"], dataset.Channels);
        Assert.Equal([0, 1, 0, 0, 1, 0], NnUNet.Core.Imaging.NiftiReader.Read(Path.Combine(task, "labelsTr", "first.nii.gz")).Data);
        Assert.Equal([20, 20, 20, 21, 21, 21], NnUNet.Core.Imaging.NiftiReader.Read(Path.Combine(task, "imagesTs", "second_0000.nii.gz")).Data);
        Assert.False(DatasetIntegrityVerifier.Verify(task).HasErrors);
    }
}
