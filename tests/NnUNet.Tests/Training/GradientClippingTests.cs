using NnUNet.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>Clipping on the device equals torch's clip_grad_norm_ (TorchSharp's native one) bit for bit.</summary>
public sealed class GradientClippingTests
{
    public GradientClippingTests() => torch.set_num_threads(1);

    [Theory]
    [InlineData(12.0)]   // the gradients below have a total norm of about 40: clipped
    [InlineData(1000.0)] // not clipped: unchanged
    public void EqualsTorchsClipGradNorm(double maxNorm)
    {
        using var generator = new Generator(8, CPU);
        Parameter[] ours = [new(zeros(30, 20)), new(zeros(7)), new(zeros(3, 3, 3))];
        Parameter[] theirs = [.. ours.Select(p => new Parameter(zeros(p.shape)))];
        for (int i = 0; i < ours.Length; i++)
        {
            var gradient = randn(ours[i].shape, generator: generator) * 1.6;
            ours[i].grad = gradient.clone();
            theirs[i].grad = gradient.clone();
        }
        GradientClipping.ClipByTotalNorm(ours, maxNorm);
        double norm = nn.utils.clip_grad_norm_(theirs, maxNorm);

        Assert.InRange(norm, 30, 50);
        for (int i = 0; i < ours.Length; i++) Assert.True(ours[i].grad!.eq(theirs[i].grad!).all().item<bool>(), $"gradient {i} differs");
        double clipped = stack(ours.Select(p => p.grad!.norm()).ToArray()).norm().item<float>();
        Assert.Equal(Math.Min(norm, maxNorm), clipped, 3);
    }
}
