using NnUNet.Abstractions;
using NnUNet.Core.Conversion;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Tests.TestSupport;

namespace NnUNet.Tests.Conversion;

/// <summary>The Task folder writer and the parallel case runner.</summary>
public class RawTaskWriterTests
{
    [Fact]
    public void WritesOneFilePerChannelLabelsAsSmallestIntegerTypeAndDatasetJson()
    {
        using var temp = new TempDirectory();
        var writer = new RawTaskWriter(temp.Combine("task"));
        ImageGeometry geometry = PseudoThreeD.Geometry(0.5, 0.25);
        var image = new Image([1, 2, 3, 4, 5, 6], 3, [1, 1, 2], geometry);
        writer.Register(CaseSet.Training, "a", "a.png");
        writer.Register(CaseSet.Training, "b", "b.png");
        writer.Register(CaseSet.Test, "a", "test/a.png"); // the same id in the other set is fine

        writer.WriteImage(CaseSet.Training, "a", image, NiftiDataType.UInt8);
        writer.WriteLabel(CaseSet.Training, "a", new Image([0, 1], 1, [1, 1, 2], geometry));
        writer.WriteImage(CaseSet.Training, "b", image, NiftiDataType.Float32);
        writer.WriteLabel(CaseSet.Training, "b", new Image([0, 300], 1, [1, 1, 2], geometry));
        writer.WriteImage(CaseSet.Test, "a", image, NiftiDataType.UInt8);
        var request = new ConversionRequest("/src", writer.TaskDirectory, 42, "Tiny", new Dictionary<string, string[]>());
        DatasetDescription dataset = writer.WriteDatasetJson(request, ["R", "G", "B"], LabelSet.Parse("0=bg,1=x", "t"));

        for (int c = 0; c < 3; c++)
        {
            Image channel = NiftiReader.Read(Path.Combine(writer.TaskDirectory, "imagesTr", $"a_{c:D4}.nii.gz"));
            Assert.Equal([2 * c + 1, 2 * c + 2], channel.Data);
            Assert.Equal([999, 0.5, 0.25], channel.Geometry.Spacing);
        }
        Assert.Equal(NiftiDataType.UInt8, NiftiReader.ReadHeader(writer.LabelPath(CaseSet.Training, "a")).DataType);
        Assert.Equal(NiftiDataType.UInt16, NiftiReader.ReadHeader(writer.LabelPath(CaseSet.Training, "b")).DataType);
        Assert.Equal("Task042_Tiny", dataset.Name);
        Assert.Equal(["a", "b"], dataset.Training.Select(c => c.Id));
        Assert.Equal(["a"], dataset.Test.Select(c => c.Id));
        Assert.Equal(["R", "G", "B"], DatasetDescription.Read(writer.TaskDirectory).Channels);
    }

    [Fact]
    public void TwoSourcesForOneIdAndIdsThatAreNoFileNamesAreRefused()
    {
        using var temp = new TempDirectory();
        var writer = new RawTaskWriter(temp.Combine("task"));
        writer.Register(CaseSet.Test, "x", "/one/x.tif");

        Assert.Equal("/two/x.tif: case id 'x' is already used by /one/x.tif; two test cases would write the same files",
            Assert.Throws<InvalidInputException>(() => writer.Register(CaseSet.Test, "x", "/two/x.tif")).Message);
        Assert.Contains("cannot be a case id", Assert.Throws<InvalidInputException>(() => writer.Register(CaseSet.Training, "a/b", "/s")).Message);
    }

    [Fact]
    public void RunnerConvertsEveryCaseOnceAndReportsProgressPerCase()
    {
        int[] cases = Enumerable.Range(0, 40).ToArray();
        var converted = new System.Collections.Concurrent.ConcurrentBag<int>();
        var updates = new System.Collections.Concurrent.ConcurrentBag<ProgressUpdate>();

        CaseRunner.Run(cases, c => $"case{c}", converted.Add, new SyncProgress(updates.Add), CancellationToken.None, maxParallelism: 2);

        Assert.Equal(cases, converted.Order());
        Assert.Equal(Enumerable.Range(1, 40), updates.Select(u => u.Done).Order());
        Assert.All(updates, u => Assert.Equal((CaseRunner.Stage, 40), (u.Stage, u.Total)));
    }

    [Fact]
    public void RunnerThrowsTheFailureOfTheEarliestCase()
    {
        // Every case is bad; case 0 (always started first) fails last, after another worker's case has failed.
        var error = Assert.Throws<InvalidInputException>(() => CaseRunner.Run(Enumerable.Range(0, 40).ToArray(), c => "", c =>
        {
            if (c == 0) Thread.Sleep(200);
            throw new InvalidInputException($"case {c} is bad");
        }, null, CancellationToken.None, maxParallelism: 2));

        Assert.Equal("case 0 is bad", error.Message);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SyncProgress(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }
}
