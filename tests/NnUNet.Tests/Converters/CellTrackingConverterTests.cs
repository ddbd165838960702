using NnUNet.Converters.CellTrackingChallenge;
using NnUNet.Core.Conversion;
using NnUNet.Core.Datasets;
using NnUNet.Core.Imaging;
using NnUNet.Core.Training;
using static NnUNet.Tests.Converters.CellTrackingSources;

namespace NnUNet.Tests.Converters;

/// <summary>
/// The Cell Tracking Challenge presets on generated frames in the download layout: ids, spacings, labels (binary,
/// cell/border by box instances whose erosion is known from the element's extent), time context, splits.
/// </summary>
public class CellTrackingConverterTests
{
    const string A549 = "Fluo-C3DH-A549", A549Sim = "Fluo-C3DH-A549-SIM";

    static int Value(int source, int sequence, int t, int z, int y, int x) => 1000 * source + 200 * sequence + 20 * t + 5 * z + y + x;

    [Fact]
    public void Task075SkipsUnannotatedFramesGivesTestSetsDistinctIdsAndWritesTheSequenceSplit()
    {
        using var run = new ConversionRun();
        string[] datasets = [A549, A549Sim];
        for (int s = 0; s < 2; s++)
        for (int q = 1; q <= 2; q++)
        for (int t = 0; t < 2; t++)
        {
            int source = s, sequence = q, time = t;
            WriteFrame(Frame(run, "train", datasets[s], $"0{q}", t), 3, 4, 5, (z, y, x) => Value(source, sequence, time, z, y, x));
            // A549 01 t001 has no annotation and is skipped; instances 0..3 become 0/1.
            if (!(s == 0 && q == 1 && t == 1)) WriteFrame(GroundTruth(run, datasets[s], $"0{q}", t), 3, 4, 5, (z, y, x) => (x + z) % 4);
        }
        // Both test sets have sequence 01 frame 0: the original script named both after -SIM.
        WriteFrame(Frame(run, "test", A549, "01", 0), 3, 4, 5, (z, y, x) => 7);
        WriteFrame(Frame(run, "test", A549Sim, "01", 0), 3, 4, 5, (z, y, x) => 9);

        DatasetDescription dataset = run.Convert(new Task075FluoC3dhA549Converter());

        string[] training =
        [
            $"{A549}__01__t000", $"{A549}__02__t000", $"{A549}__02__t001",
            $"{A549Sim}__01__t000", $"{A549Sim}__01__t001", $"{A549Sim}__02__t000", $"{A549Sim}__02__t001",
        ];
        Assert.Equal(training.Order(StringComparer.Ordinal), dataset.Training.Select(c => c.Id));
        Assert.Equal([$"{A549Sim}__01__t000", $"{A549}__01__t000"], dataset.Test.Select(c => c.Id)); // ordinal: '-' < '_'
        Assert.All(run.Read("imagesTs", $"{A549}__01__t000_0000.nii.gz").Data, v => Assert.Equal(7, v));
        Assert.All(run.Read("imagesTs", $"{A549Sim}__01__t000_0000.nii.gz").Data, v => Assert.Equal(9, v));
        Assert.Equal(["BF"], dataset.Channels);
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "cell" }, dataset.Labels);

        Image image = run.Read("imagesTr", $"{A549Sim}__02__t001_0000.nii.gz");
        Assert.Equal(NiftiDataType.Float32, NiftiReader.ReadHeader(run.InTask("imagesTr", $"{A549Sim}__02__t001_0000.nii.gz")).DataType);
        Assert.Equal([3, 4, 5], image.Shape);
        Assert.Equal([1, 0.126, 0.126], image.Geometry.Spacing, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (float)Value(1, 2, 1, i / 20, i / 5 % 4, i % 5)), image.Data);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (i % 5 + i / 20) % 4 > 0 ? 1f : 0f), run.Read("labelsTr", $"{A549Sim}__02__t001.nii.gz").Data);

        IReadOnlyList<FoldSplit> folds = SplitsFile.Read(run.InTask(SplitsFile.FileName), training.ToHashSet());
        (string, string)[] validated = [(A549, "02"), (A549, "01"), (A549Sim, "02"), (A549Sim, "01")];
        Assert.Equal(4, folds.Count);
        for (int f = 0; f < 4; f++)
        {
            string prefix = $"{validated[f].Item1}__{validated[f].Item2}__";
            Assert.Equal(training.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal), folds[f].Val);
            Assert.Equal(training.Where(id => !id.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal), folds[f].Train);
        }
    }

    [Fact]
    public void Task075WithoutTheSimulatedSourceNamesTheMissingFolder()
    {
        using var run = new ConversionRun();
        WriteFrame(Frame(run, "train", A549, "01", 0), 2, 3, 3, (z, y, x) => 1);
        WriteFrame(GroundTruth(run, A549, "01", 0), 2, 3, 3, (z, y, x) => 1);

        Assert.StartsWith($"{run.InSource("train", A549Sim)}: folder not found", run.Fails(new Task075FluoC3dhA549Converter()));
    }

    [Fact]
    public void Task076ErodesEachInstanceWithTheAnisotropicBall()
    {
        // Volume 9 x 20 x 20. Instance 1: z 1-7, y 2-13, x 2-13. Instance 2 touches it and the image edge: x 14-19.
        // The ball reaches +-2 in z and +-4 in y and x, so instance 1 keeps z 3-5, y 6-9, x 6-9 and instance 2 is all border.
        using var run = new ConversionRun();
        const string sim = "Fluo-N3DH-SIM+";
        static int Instance(int z, int y, int x) => z is < 1 or > 7 || y is < 2 or > 13 || x < 2 ? 0 : x <= 13 ? 1 : 2;
        foreach (string sequence in new[] { "01", "02" })
        {
            WriteFrame(Frame(run, "train", sim, sequence, 0), 9, 20, 20, (z, y, x) => z + y + x);
            WriteFrame(GroundTruth(run, sim, sequence, 0), 9, 20, 20, (z, y, x) => Instance(z, y, x));
        }
        WriteFrame(Frame(run, "test", sim, "01", 0), 9, 20, 20, (z, y, x) => 3);

        DatasetDescription dataset = run.Convert(new Task076FluoN3dhSimConverter());

        Assert.Equal(["01_t000", "02_t000"], dataset.Training.Select(c => c.Id));
        Assert.Equal(["01_t000"], dataset.Test.Select(c => c.Id));
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "cell", [2] = "border" }, dataset.Labels);
        Image label = run.Read("labelsTr", "02_t000.nii.gz");
        Assert.Equal([0.2, 0.125, 0.125], label.Geometry.Spacing, (a, b) => Math.Abs(a - b) < 1e-6);
        for (int i = 0; i < label.Data.Length; i++)
        {
            int z = i / 400, y = i / 20 % 20, x = i % 20;
            float expected = Instance(z, y, x) == 0 ? 0 : z is >= 3 and <= 5 && y is >= 6 and <= 9 && x is >= 6 and <= 9 ? 1 : 2;
            Assert.True(expected == label.Data[i], $"voxel (z={z}, y={y}, x={x}): {label.Data[i]} instead of {expected}");
        }
        Assert.Equal(NiftiDataType.UInt16, NiftiReader.ReadHeader(run.InTask("imagesTr", "01_t000_0000.nii.gz")).DataType);
    }

    [Fact]
    public void Task076NeedsASegmentationForEveryTrainingFrame()
    {
        using var run = new ConversionRun();
        WriteFrame(Frame(run, "train", "Fluo-N3DH-SIM+", "01", 0), 2, 3, 3, (z, y, x) => 1);

        Assert.StartsWith($"{Frame(run, "train", "Fluo-N3DH-SIM+", "01", 0)}: missing label", run.Fails(new Task076FluoN3dhSimConverter()));
    }

    [Fact]
    public void Task089AddsFourPreviousFramesAsChannelsAndAThickBorder()
    {
        // 24 x 24 frames t000-t005; one square instance y, x 3-20. The disk reaches +-6, so the cell is y, x 9-14.
        using var run = new ConversionRun();
        const string sim = "Fluo-N2DH-SIM+";
        static int Pixel(int t, int y, int x) => 100 * t + y + x;
        static int Instance(int y, int x) => y is >= 3 and <= 20 && x is >= 3 and <= 20 ? 4 : 0;
        for (int t = 0; t < 6; t++)
        {
            int time = t;
            WriteFrame(Frame(run, "train", sim, "01", t), 1, 24, 24, (z, y, x) => Pixel(time, y, x));
            WriteFrame(GroundTruth(run, sim, "01", t), 1, 24, 24, (z, y, x) => Instance(y, x));
        }
        for (int t = 0; t < 2; t++)
        {
            int time = t;
            WriteFrame(Frame(run, "test", sim, "01", t), 1, 24, 24, (z, y, x) => Pixel(time + 50, y, x));
        }

        DatasetDescription dataset = run.Convert(new Task089FluoN2dhSimConverter());

        Assert.Equal(Enumerable.Range(0, 6).Select(t => $"01_t{t:D3}"), dataset.Training.Select(c => c.Id));
        Assert.Equal(["t_minus 4", "t_minus 3", "t_minus 2", "t_minus 1", "frame of interest"], dataset.Channels);
        foreach (int t in new[] { 2, 5 })
        for (int channel = 0; channel < 5; channel++)
        {
            int source = t - 4 + channel;
            Image image = run.Read("imagesTr", $"01_t{t:D3}_{channel:D4}.nii.gz");
            Assert.Equal([1, 24, 24], image.Shape);
            Assert.Equal([999, 0.125, 0.125], image.Geometry.Spacing);
            Assert.Equal(Enumerable.Range(0, 576).Select(i => source < 0 ? 0f : Pixel(source, i / 24, i % 24)), image.Data);
        }
        Assert.Equal(Enumerable.Range(0, 576).Select(i => (float)Pixel(50, i / 24, i % 24)), run.Read("imagesTs", "01_t001_0003.nii.gz").Data);
        Assert.All(run.Read("imagesTs", "01_t001_0002.nii.gz").Data, v => Assert.Equal(0, v));
        Assert.Equal(Enumerable.Range(0, 576).Select(i =>
        {
            int y = i / 24, x = i % 24;
            return Instance(y, x) == 0 ? 0f : y is >= 9 and <= 14 && x is >= 9 and <= 14 ? InstanceBorders.Cell : InstanceBorders.Border;
        }), run.Read("labelsTr", "01_t004.nii.gz").Data);
    }

    [Fact]
    public void Task089ContextFrameOfAnotherSizeIsRefused()
    {
        using var run = new ConversionRun();
        const string sim = "Fluo-N2DH-SIM+";
        WriteFrame(Frame(run, "train", sim, "01", 0), 1, 8, 8, (z, y, x) => 1);
        WriteFrame(Frame(run, "train", sim, "01", 1), 1, 8, 9, (z, y, x) => 1);
        WriteFrame(GroundTruth(run, sim, "01", 0), 1, 8, 8, (z, y, x) => 0);
        WriteFrame(GroundTruth(run, sim, "01", 1), 1, 8, 9, (z, y, x) => 0);
        WriteFrame(Frame(run, "train", sim, "02", 0), 1, 8, 8, (z, y, x) => 1);
        WriteFrame(GroundTruth(run, sim, "02", 0), 1, 8, 8, (z, y, x) => 0);

        Assert.Equal($"{Frame(run, "train", sim, "01", 0)}: 1 x 8 x 8 differs from the frame it is context for, {Frame(run, "train", sim, "01", 1)} (1 x 8 x 9)",
            run.Fails(new Task089FluoN2dhSimConverter()));
    }
}
