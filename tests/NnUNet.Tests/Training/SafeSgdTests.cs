using NnUNet.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>The trainer's SGD: TorchSharp's update and state, bit for bit, and safe while other threads make the GC run.</summary>
public sealed class SafeSgdTests
{
    public SafeSgdTests() => torch.set_num_threads(1);

    static (Parameter Weight, Tensor Gradients) Setup(ulong seed)
    {
        using var generator = new Generator(seed, CPU);
        return (new Parameter(randn([16, 8], generator: generator)), randn([5, 16, 8], generator: generator));
    }

    [Theory]
    [InlineData(true, 3e-5)]
    [InlineData(false, 0)]
    public void UpdatesAndStateEqualTorchSharpsSgd(bool nesterov, double weightDecay)
    {
        var (a, gradients) = Setup(4);
        using var b = new Parameter(a.detach().clone());
        using var safe = new SafeSgd([a], 0.01, momentum: 0.99, weightDecay: weightDecay, nesterov: nesterov);
        using var reference = optim.SGD([b], 0.01, momentum: 0.99, weight_decay: weightDecay, nesterov: nesterov);
        for (int i = 0; i < 5; i++)
        {
            using var scope = NewDisposeScope();
            a.grad = gradients[i].clone();
            b.grad = gradients[i].clone();
            safe.step();
            reference.step();
        }
        Assert.True(a.eq(b).all().item<bool>(), "parameters differ");
        var bufferA = ((SGD.State)safe.state_dict().State[0]).momentum_buffer;
        var bufferB = ((SGD.State)reference.state_dict().State[0]).momentum_buffer;
        Assert.True(bufferA.eq(bufferB).all().item<bool>(), "momentum buffers differ");
        a.Dispose();
        gradients.Dispose();
    }

    [Fact]
    public async Task StepsSurviveGarbageCollectionsFromOtherThreads()
    {
        // TorchSharp's SGD fails here within a second (a Scalar finalised while libtorch reads it).
        var (weight, gradients) = Setup(5);
        using var optimizer = new SafeSgd([weight], 0.01, momentum: 0.99, weightDecay: 3e-5, nesterov: true);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var churn = Task.Run(() =>
        {
            var garbage = new List<byte[]>();
            while (!stop.IsCancellationRequested)
            {
                garbage.Add(new byte[1000]);
                if (garbage.Count > 1000) garbage.Clear();
            }
        });
        int collections = GC.CollectionCount(0), steps = 0;
        while (!stop.IsCancellationRequested)
        {
            using var scope = NewDisposeScope();
            weight.grad = gradients[steps % 5].clone();
            optimizer.step();
            steps++;
        }
        await churn;
        Assert.True(GC.CollectionCount(0) - collections > 100, "the test did not make the GC run");
        Assert.True(weight.isfinite().all().item<bool>());
        weight.Dispose();
        gradients.Dispose();
    }
}
