using NnUNet.Abstractions;
using NnUNet.Host.Commands;
using NnUNet.Host.Console;

namespace NnUNet.Tests.Host;

/// <summary>The train command's progress: one display per epoch on a terminal, one line per finished epoch otherwise.</summary>
public sealed class TrainingProgressDisplayTests
{
    /// <summary>Records what a terminal console would draw: one list of updates per progress display.</summary>
    sealed class RecordingConsole(bool interactive) : IHostConsole
    {
        public List<(string Title, List<ProgressUpdate> Updates)> Displays { get; } = [];
        public List<string> Lines { get; } = [];
        public bool IsInteractive => interactive;
        public void Info(string line) => Lines.Add(line);
        public void Warning(string line) => Lines.Add("warning: " + line);
        public void Error(string line) => Lines.Add("error: " + line);
        public void ErrorDetail(string text) => Lines.Add(text);
        public void Table(OutputTable table) { }

        public T RunWithProgress<T>(string title, Func<IProgress<ProgressUpdate>, T> work)
        {
            var updates = new List<ProgressUpdate>();
            Displays.Add((title, updates));
            return work(new Recorder(updates));
        }

        sealed class Recorder(List<ProgressUpdate> updates) : IProgress<ProgressUpdate>
        {
            public void Report(ProgressUpdate value) => updates.Add(value);
        }
    }

    static void TwoEpochs(IProgress<ProgressUpdate> progress)
    {
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            for (int i = 1; i <= 3; i++) progress.Report(new ProgressUpdate($"epoch {epoch}/2", i, 3));
            progress.Report(new ProgressUpdate($"epoch {epoch}/2", 3, 3, "train loss -0.5"));
        }
    }

    [Fact]
    public void TerminalGetsOneDisplayPerEpochWithAllItsUpdates()
    {
        var console = new RecordingConsole(interactive: true);
        TrainingProgressDisplay.Run(console, TwoEpochs);
        Assert.Equal(["epoch 1/2", "epoch 2/2"], console.Displays.Select(d => d.Title));
        Assert.All(console.Displays, d => Assert.Equal(4, d.Updates.Count));
        Assert.Equal("train loss -0.5", console.Displays[1].Updates[^1].Item);
    }

    [Fact]
    public void RedirectedOutputGetsOneLinePerFinishedEpoch()
    {
        var console = new RecordingConsole(interactive: false);
        TrainingProgressDisplay.Run(console, TwoEpochs);
        Assert.Equal(["epoch 1/2 3/3 train loss -0.5", "epoch 2/2 3/3 train loss -0.5"], console.Lines.Where(l => l.Contains("loss")));
    }

    [Fact]
    public void AFailureOfTheWorkIsRethrownAsItWas()
    {
        var console = new RecordingConsole(interactive: true);
        var error = Assert.Throws<InvalidInputException>(() => TrainingProgressDisplay.Run(console, progress =>
        {
            progress.Report(new ProgressUpdate("epoch 1/2", 1, 3));
            throw new InvalidInputException("bad plans");
        }));
        Assert.Equal("bad plans", error.Message);
        Assert.Throws<OperationCanceledException>(() => TrainingProgressDisplay.Run(console, _ => throw new OperationCanceledException()));
    }
}
