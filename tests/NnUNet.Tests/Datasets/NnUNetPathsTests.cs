using NnUNet.Abstractions;
using NnUNet.Core.Datasets;

namespace NnUNet.Tests.Datasets;

public class NnUNetPathsTests
{
    static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void V1_environment_gives_the_v1_layout()
    {
        var paths = NnUNetPaths.Resolve(NnUNetFolderOptions.None, Environment(
            ("nnUNet_raw_data_base", "/data/raw"), ("nnUNet_preprocessed", "/data/pre"), ("RESULTS_FOLDER", "/data/results")));

        Assert.Equal("/data/raw/nnUNet_raw_data", paths.RawDataFolder);
        Assert.Equal("/data/raw/nnUNet_cropped_data", paths.CroppedDataFolder);
        Assert.Equal("/data/pre", paths.PreprocessedFolder);
        Assert.Equal("/data/results/nnUNet", paths.NetworkTrainingOutputFolder);
        Assert.Equal("/data/results/nnUNet/3d_fullres/Task501_X/nnUNetTrainerV2__nnUNetPlansv2.1",
            paths.TrainingOutputFolder("3d_fullres", "Task501_X", "nnUNetTrainerV2", "nnUNetPlansv2.1"));
        Assert.Equal("/data/results/nnUNet/ensembles/Task501_X", paths.EnsemblesFolder("Task501_X"));
        Assert.Equal(["/data/raw/nnUNet_raw_data"], paths.RawTaskRoots);
    }

    [Fact]
    public void V2_environment_is_honoured()
    {
        var paths = NnUNetPaths.Resolve(NnUNetFolderOptions.None, Environment(
            ("nnUNet_raw", "/v2/raw"), ("nnUNet_preprocessed", "/v2/pre"), ("nnUNet_results", "/v2/results")));

        Assert.Equal(["/v2/raw"], paths.RawTaskRoots);
        Assert.Equal("/v2/pre", paths.PreprocessedFolder);
        Assert.Equal("/v2/results/nnUNet", paths.NetworkTrainingOutputFolder);
        // No v1 base: the v1-only folders name what to set.
        var e = Assert.Throws<InvalidInputException>(() => paths.RawDataFolder);
        Assert.Contains("nnUNet_raw_data_base", e.Message);
        Assert.Contains("--raw-data-base", e.Message);
    }

    [Fact]
    public void Both_raw_settings_are_searched_v1_first()
    {
        var paths = NnUNetPaths.Resolve(NnUNetFolderOptions.None, Environment(("nnUNet_raw_data_base", "/a"), ("nnUNet_raw", "/b")));
        Assert.Equal(["/a/nnUNet_raw_data", "/b"], paths.RawTaskRoots);
    }

    [Fact]
    public void Explicit_folders_win_over_the_environment()
    {
        var env = Environment(("nnUNet_raw_data_base", "/env/raw"), ("nnUNet_preprocessed", "/env/pre"),
            ("RESULTS_FOLDER", "/env/results"), ("nnUNet_raw", "/env/v2raw"));
        var paths = NnUNetPaths.Resolve(new NnUNetFolderOptions("/cli/raw", "/cli/v2raw", "/cli/pre", "/cli/results"), env);

        Assert.Equal("/cli/raw/nnUNet_raw_data", paths.RawDataFolder);
        Assert.Equal(["/cli/raw/nnUNet_raw_data", "/cli/v2raw"], paths.RawTaskRoots);
        Assert.Equal("/cli/pre", paths.PreprocessedFolder);
        Assert.Equal("/cli/results/nnUNet", paths.NetworkTrainingOutputFolder);
    }

    [Fact]
    public void RESULTS_FOLDER_wins_over_nnUNet_results()
    {
        var paths = NnUNetPaths.Resolve(NnUNetFolderOptions.None, Environment(("RESULTS_FOLDER", "/v1"), ("nnUNet_results", "/v2")));
        Assert.Equal("/v1/nnUNet", paths.NetworkTrainingOutputFolder);
    }

    [Fact]
    public void Missing_settings_name_the_variable_and_the_option()
    {
        var paths = NnUNetPaths.Resolve(NnUNetFolderOptions.None, Environment(("nnUNet_preprocessed", "  ")));

        var raw = Assert.Throws<InvalidInputException>(() => paths.RawTaskRoots);
        Assert.Contains("nnUNet_raw_data_base", raw.Message);
        Assert.Contains("nnUNet_raw", raw.Message);
        Assert.Contains("--raw", raw.Message);
        var pre = Assert.Throws<InvalidInputException>(() => paths.PreprocessedFolder);
        Assert.Contains("nnUNet_preprocessed", pre.Message);
        Assert.Contains("--preprocessed", pre.Message);
        var results = Assert.Throws<InvalidInputException>(() => paths.NetworkTrainingOutputFolder);
        Assert.Contains("RESULTS_FOLDER", results.Message);
        Assert.Contains("--results", results.Message);
    }

    [Fact]
    public void Relative_explicit_folders_become_absolute()
    {
        var paths = NnUNetPaths.Resolve(new NnUNetFolderOptions(Preprocessed: "pre"), _ => null);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "pre"), paths.PreprocessedFolder);
    }
}
