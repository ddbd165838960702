using NnUNet.Abstractions;
using NnUNet.Core.Datasets;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Datasets;

public class TaskLocatorTests
{
    static string[] MakeRoots(TempDirectory temp, string[] v1Tasks, string[] v2Datasets)
    {
        string v1 = temp.Combine("base", "nnUNet_raw_data");
        string v2 = temp.Combine("raw");
        foreach (string t in v1Tasks) Directory.CreateDirectory(Path.Combine(v1, t));
        foreach (string t in v2Datasets) Directory.CreateDirectory(Path.Combine(v2, t));
        Directory.CreateDirectory(v1);
        Directory.CreateDirectory(v2);
        return [v1, v2];
    }

    [Theory]
    [InlineData("501")]
    [InlineData(" 501 ")]
    [InlineData("0501")]
    [InlineData("Task501")]
    [InlineData("Task501_Heart")]
    public void V1_task_resolves_from_id_or_name(string typed)
    {
        using var temp = new TempDirectory();
        string[] roots = MakeRoots(temp, ["Task501_Heart", "Task502_Liver", "Task5010_Other"], []);

        TaskFolder task = TaskLocator.Find(typed, roots);

        Assert.Equal(501, task.Id);
        Assert.Equal("Task501_Heart", task.Name);
        Assert.Equal(TaskFolderKind.Task, task.Kind);
        Assert.Equal(Path.Combine(roots[0], "Task501_Heart"), task.Path);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("Dataset007_Prostate")]
    [InlineData("Dataset007")]
    public void V2_dataset_resolves_from_id_or_name(string typed)
    {
        using var temp = new TempDirectory();
        string[] roots = MakeRoots(temp, ["Task501_Heart"], ["Dataset007_Prostate"]);

        TaskFolder task = TaskLocator.Find(typed, roots);

        Assert.Equal(7, task.Id);
        Assert.Equal("Dataset007_Prostate", task.Name);
        Assert.Equal(TaskFolderKind.Dataset, task.Kind);
        Assert.Equal(Path.Combine(roots[1], "Dataset007_Prostate"), task.Path);
    }

    [Fact]
    public void Resolution_goes_through_the_configured_paths()
    {
        using var temp = new TempDirectory();
        MakeRoots(temp, ["Task120_MassRoadsSeg"], []);
        var paths = NnUNetPaths.Resolve(new NnUNetFolderOptions(RawDataBase: temp.Combine("base")), _ => null);

        Assert.Equal("Task120_MassRoadsSeg", paths.FindRawTask("120").Name);
    }

    [Fact]
    public void Unknown_id_lists_existing_tasks()
    {
        using var temp = new TempDirectory();
        string[] roots = MakeRoots(temp, ["Task501_Heart", "Task502_Liver"], ["Dataset007_Prostate"]);

        var e = Assert.Throws<InvalidInputException>(() => TaskLocator.Find("503", roots));

        Assert.Contains("503", e.Message);
        Assert.Contains("Task501_Heart", e.Message);
        Assert.Contains("Task502_Liver", e.Message);
        Assert.Contains("Dataset007_Prostate", e.Message);
    }

    [Fact]
    public void Unknown_name_lists_existing_tasks()
    {
        using var temp = new TempDirectory();
        string[] roots = MakeRoots(temp, ["Task501_Heart"], []);

        var e = Assert.Throws<InvalidInputException>(() => TaskLocator.Find("Task501_Hart", roots));

        Assert.Contains("Task501_Hart", e.Message);
        Assert.Contains("Existing tasks: Task501_Heart", e.Message);
    }

    [Fact]
    public void Empty_or_missing_roots_say_so()
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => TaskLocator.Find("1", [temp.Combine("nowhere")]));
        Assert.Contains("(missing)", e.Message);
        Assert.Contains("no task folders", e.Message);
    }

    [Fact]
    public void Same_id_with_two_names_is_ambiguous_and_names_both()
    {
        using var temp = new TempDirectory();
        string[] roots = MakeRoots(temp, ["Task501_Heart", "Task501_Lung"], []);

        var e = Assert.Throws<InvalidInputException>(() => TaskLocator.Find("501", roots));

        Assert.Contains("ambiguous", e.Message);
        Assert.Contains("Task501_Heart", e.Message);
        Assert.Contains("Task501_Lung", e.Message);
        // The full name still resolves.
        Assert.Equal("Task501_Lung", TaskLocator.Find("Task501_Lung", roots).Name);
    }

    [Fact]
    public void V1_task_and_v2_dataset_with_one_id_are_ambiguous()
    {
        using var temp = new TempDirectory();
        string[] roots = MakeRoots(temp, ["Task501_Heart"], ["Dataset501_Heart"]);

        var e = Assert.Throws<InvalidInputException>(() => TaskLocator.Find("501", roots));
        Assert.Contains("Task501_Heart", e.Message);
        Assert.Contains("Dataset501_Heart", e.Message);
    }

    [Fact]
    public void The_same_name_in_two_roots_is_one_task_from_the_first_root()
    {
        using var temp = new TempDirectory();
        string a = temp.Combine("a"), b = temp.Combine("b");
        Directory.CreateDirectory(Path.Combine(a, "Task501_Heart"));
        Directory.CreateDirectory(Path.Combine(b, "Task501_Heart"));

        Assert.Equal(Path.Combine(a, "Task501_Heart"), TaskLocator.Find("501", [a, b]).Path);
    }

    [Theory]
    [InlineData("Heart")]
    [InlineData("-5")]
    [InlineData("Task_Heart")]
    public void Text_that_is_no_task_is_rejected(string typed)
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<InvalidInputException>(() => TaskLocator.Find(typed, [temp.Path]));
        Assert.Contains("is not a task", e.Message);
    }

    [Fact]
    public void Folder_names_follow_the_three_digit_convention()
    {
        Assert.Equal("Task001_BrainTumour", TaskLocator.TaskName(1, "BrainTumour"));
        Assert.Equal("Task1000_Big", TaskLocator.TaskName(1000, "Big"));
        Assert.Equal("Dataset042_X", TaskLocator.DatasetName(42, "X"));
        Assert.True(TaskLocator.TryParseFolderName("Task1000_Big", out int id, out _));
        Assert.Equal(1000, id);
        Assert.False(TaskLocator.TryParseFolderName("Task01_BrainTumour", out _, out _)); // MSD's own 2-digit name
        Assert.False(TaskLocator.TryParseFolderName("Task0501_X", out _, out _));
        Assert.False(TaskLocator.TryParseFolderName("Task501", out _, out _));
    }
}
