using NnUNet.Abstractions;
using NnUNet.Core.Training;
using NnUNet.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>
/// v1's epoch-100 rule (spec §7): a network whose online pseudo Dice is exactly 0 after epoch 100 gets momentum 0.95 and
/// fresh weights. The network here can only predict background (pseudo Dice 0) and the learning rate is 0, so its weights
/// change only if the rule re-initialises them.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class EpochHundredRuleTests
{
    public EpochHundredRuleTests() => torch.set_num_threads(1);

    [Fact]
    public void ZeroPseudoDiceAtEpochHundredLowersTheMomentumAndReinitialisesTheWeights()
    {
        using var task = TinyTask.Create2D();
        var trainer = new StuckTrainer(epochs: NnUNetTrainer.RescueEpoch + 1);
        Dictionary<string, Tensor>? trained = null;
        trainer.TrainedNetwork = network => trained = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        trainer.Run(task.Request(trainerName: nameof(StuckTrainer)), null, CancellationToken.None);

        string log = File.ReadAllText(Assert.Single(Directory.GetFiles(task.FoldFolder(nameof(StuckTrainer)), "training_log_*.txt")));
        Assert.Contains($"pseudo Dice is 0 at epoch {NnUNetTrainer.RescueEpoch}", log);
        Assert.All(trainer.Optimizer!.ParamGroups, g => Assert.Equal(NnUNetTrainer.RescueMomentum, Momentum(g)));
        Assert.NotNull(trained);
        var initial = trainer.InitialWeights!;
        Assert.Equal(initial.Keys.Order(), trained.Keys.Order());
        Assert.Contains(initial, kv => !Same(kv.Value, trained[kv.Key]));
    }

    [Fact]
    public void NoRuleBeforeEpochHundred()
    {
        using var task = TinyTask.Create2D();
        var trainer = new StuckTrainer(epochs: 3);
        Dictionary<string, Tensor>? trained = null;
        trainer.TrainedNetwork = network => trained = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        trainer.Run(task.Request(trainerName: nameof(StuckTrainer)), null, CancellationToken.None);

        Assert.All(trainer.Optimizer!.ParamGroups, g => Assert.Equal(NnUNetTrainer.SgdMomentum, Momentum(g)));
        // Learning rate 0: the weights are the initial ones (the control for the test above).
        Assert.All(trainer.InitialWeights!, kv => Assert.True(Same(kv.Value, trained![kv.Key]), kv.Key));
    }

    static double? Momentum(object group) => Assert.IsType<SGD.Options>(Assert.IsAssignableFrom<ParamGroup>(group).Options).momentum;

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    /// <summary>One training and one validation iteration per epoch, learning rate 0, a network that predicts only background.</summary>
    sealed class StuckTrainer(int epochs) : NnUNetTrainer
    {
        protected override int Epochs => epochs;
        protected override int IterationsPerEpoch => 1;
        protected override int ValidationIterationsPerEpoch => 1;
        protected override double LearningRateAt(int epoch) => 0;
        protected override TrainingThreads ThreadsFor(Device device) => new(1, 1, 1);

        public Dictionary<string, Tensor>? InitialWeights { get; private set; }
        public OptimizerHelper? Optimizer { get; private set; }
        public Action<SegmentationNetwork>? TrainedNetwork { get; set; }

        protected override SegmentationNetwork CreateNetwork(TrainingContext context, NetworkSpec spec)
        {
            var network = new BackgroundOnly(base.CreateNetwork(context, spec), spec.NumClasses);
            InitialWeights ??= network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            return network;
        }

        protected override OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters) => Optimizer = base.CreateOptimizer(parameters);

        protected override void ValidateFold(TrainingContext context, SegmentationNetwork network, CheckpointInfo checkpoint, TrainingLog log,
            IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken) => TrainedNetwork?.Invoke(network);
    }

    /// <summary>The inner network's logits with the background raised far above every other class.</summary>
    sealed class BackgroundOnly : SegmentationNetwork
    {
        readonly SegmentationNetwork inner;
        readonly Tensor offset;

        public BackgroundOnly(SegmentationNetwork inner, int classes) : base(nameof(BackgroundOnly))
        {
            this.inner = inner;
            var values = new float[classes];
            values[0] = 1e4f;
            offset = tensor(values);
            RegisterComponents();
        }

        public override Tensor[] forward(Tensor input)
        {
            inner.DeepSupervision = DeepSupervision;
            return [.. inner.call(input).Select(o => o + offset.to(o.device).reshape([1, -1, .. Enumerable.Repeat(1L, (int)o.dim() - 2)]))];
        }
    }
}
