using NnUNet.Tests.Conversion;

namespace NnUNet.Tests.Converters;

/// <summary>Writes frames in the Cell Tracking Challenge layout: SPLIT/DATASET/SEQ/tNNN.tif and SEQ_GT/SEG/man_segNNN.tif.</summary>
internal static class CellTrackingSources
{
    public static string Frame(ConversionRun run, string split, string dataset, string sequence, int t) =>
        run.InSource(split, dataset, sequence, $"t{t:D3}.tif");

    public static string GroundTruth(ConversionRun run, string dataset, string sequence, int t) =>
        run.InSource("train", dataset, sequence + "_GT", "SEG", $"man_seg{t:D3}.tif");

    /// <summary>A 16-bit frame (stack when pages &gt; 1); value(z, y, x).</summary>
    public static void WriteFrame(string path, int pages, int height, int width, Func<int, int, int, double> value) =>
        SourceFiles.Tiff(path, pages, height, width, (z, y, x, c) => value(z, y, x), bits: 16);
}
