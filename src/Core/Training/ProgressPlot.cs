using NnUNet.Core.IO;
using ScottPlot;

namespace NnUNet.Core.Training;

/// <summary>
/// <c>progress.png</c> of a fold folder (spec §7, v1 layout): train loss (blue) and validation loss (red) on the left
/// axis, the pseudo Dice (green, dotted) and its moving average (green, solid) on the right axis, per epoch.
/// </summary>
public static class ProgressPlot
{
    public const string FileName = "progress.png";
    const int Width = 1200, Height = 700;

    /// <summary>Draws the history into <paramref name="path"/> (atomically); nothing for an empty history.</summary>
    public static void Write(string path, TrainingHistory history)
    {
        if (history.Epochs.Count == 0) return;
        var plot = new Plot();
        double[] epochs = [.. history.Epochs.Select(e => (double)e.Epoch)];
        Line(plot, epochs, history.Epochs.Select(e => e.TrainLoss), "train loss", Colors.Blue, LinePattern.Solid, right: false);
        Line(plot, epochs, history.Epochs.Select(e => e.ValidationLoss), "validation loss", Colors.Red, LinePattern.Solid, right: false);
        Line(plot, epochs, history.Epochs.Select(e => e.PseudoDice), "pseudo Dice", Colors.Green, LinePattern.Dotted, right: true);
        Line(plot, epochs, history.Epochs.Select(e => e.PseudoDiceEma), "pseudo Dice (moving average)", Colors.Green, LinePattern.Solid, right: true);
        plot.Axes.Bottom.Label.Text = "epoch";
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "pseudo Dice";
        plot.ShowLegend(Alignment.UpperLeft);
        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
    }

    static void Line(Plot plot, double[] xs, IEnumerable<double> values, string label, Color color, LinePattern pattern, bool right)
    {
        // Undefined values (a pseudo Dice of NaN) break the line instead of failing the drawing.
        double[] ys = [.. values];
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = label;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerSize = xs.Length > 50 ? 0 : 4;
        if (right) line.Axes.YAxis = plot.Axes.Right;
    }
}
