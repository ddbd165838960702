using System.Composition;
using System.Composition.Hosting;
using NnUNet.Abstractions;
using NnUNet.Architectures.GenericUNet;
using NnUNet.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Network;

/// <summary>The v1 Generic_UNet plugin: topology, parameter count, initialisation, training, plugin export.</summary>
public class GenericUNetTests
{
    public GenericUNetTests() => torch.set_num_threads(1);

    static NetworkSpec Spec3D(bool deepSupervision = true) => new(
        Dimensions: 3, InputChannels: 1, NumClasses: 3,
        PoolKernelSizes: [[1, 2, 2], [2, 2, 2], [2, 2, 2]],
        ConvKernelSizes: [[1, 3, 3], [3, 3, 3], [3, 3, 3], [3, 3, 3]],
        DeepSupervision: deepSupervision);

    static GenericUNetNetwork Build(NetworkSpec spec) => (GenericUNetNetwork)new GenericUNetArchitecture().Build(spec, CPU);

    static long[][] Shapes(Tensor[] outputs) => outputs.Select(o => o.shape).ToArray();

    [Fact]
    public void ThreeDimensionalOutputsFollowThePools()
    {
        using var net = Build(Spec3D());
        using var input = randn([1, 1, 16, 32, 32]);
        using var noGrad = no_grad();

        var outputs = net.call(input);
        // One output per pool, full resolution first; output i is at 1/cumprod(pools[0..i-1]).
        Assert.Equal(new long[][] { [1, 3, 16, 32, 32], [1, 3, 16, 16, 16], [1, 3, 8, 8, 8] }, Shapes(outputs));
        foreach (var o in outputs) o.Dispose();

        net.DeepSupervision = false;
        var single = net.call(input);
        Assert.Equal(new long[][] { [1, 3, 16, 32, 32] }, Shapes(single));
        single[0].Dispose();
    }

    [Fact]
    public void TwoDimensionalOutputsFollowThePools()
    {
        var spec = new NetworkSpec(2, 2, 4, [[2, 2], [2, 1], [2, 2]], [[3, 3], [3, 3], [3, 1], [3, 3]], MaxFeatures: 480);
        using var net = Build(spec);
        using var input = randn(2, 2, 32, 24);
        using var noGrad = no_grad();

        var outputs = net.call(input);
        Assert.Equal(new long[][] { [2, 4, 32, 24], [2, 4, 16, 12], [2, 4, 8, 12] }, Shapes(outputs));
        foreach (var o in outputs) o.Dispose();
    }

    [Fact]
    public void SpecWithoutDeepSupervisionReturnsOneOutput()
    {
        using var net = Build(Spec3D(deepSupervision: false));
        Assert.False(net.DeepSupervision);
        using var input = randn([1, 1, 8, 16, 16]);
        using var noGrad = no_grad();
        var outputs = net.call(input);
        Assert.Equal(new long[][] { [1, 3, 8, 16, 16] }, Shapes(outputs));
        outputs[0].Dispose();
    }

    [Fact]
    public void ParameterCountMatchesTheArchitectureDefinition()
    {
        // 3D, 2 input channels, 3 classes, pools [1,2,2], [2,2,2], kernels [1,3,3], [3,3,3], [3,3,3], base 4, cap 6.
        // Features: stage 0 = 4, stage 1 = min(8, 6) = 6, bottleneck = min(12, 6) = 6. A conv of k taps from i to o
        // has o*i*k weights + o biases, an affine InstanceNorm 2*o parameters.
        // stage 0 (1x3x3 = 9 taps):  conv 2->4: 72+4 = 76, norm 8; conv 4->4: 144+4 = 148, norm 8        =  240
        // stage 1 (27 taps):         conv 4->6: 648+6 = 654, norm 12; conv 6->6: 972+6 = 978, norm 12    = 1656
        // bottleneck (27 taps):      conv 6->6: 978, norm 12; conv 6->6: 978, norm 12                    = 1980
        // tu 0: transposed 6->6, kernel 2x2x2, no bias: 6*6*8                                             =  288
        // decoder 0 (27 taps):       conv 12->6: 1944+6 = 1950, norm 12; conv 6->6: 978, norm 12         = 2952
        // seg 0: 1x1x1 6->3, no bias                                                                       =   18
        // tu 1: transposed 6->4, kernel 1x2x2, no bias: 6*4*4                                             =   96
        // decoder 1 (9 taps):        conv 8->4: 288+4 = 292, norm 8; conv 4->4: 148, norm 8              =  456
        // seg 1: 1x1x1 4->3, no bias                                                                       =   12
        // total 240 + 1656 + 1980 + 288 + 2952 + 18 + 96 + 456 + 12                                        = 7698
        var spec = new NetworkSpec(3, 2, 3, [[1, 2, 2], [2, 2, 2]], [[1, 3, 3], [3, 3, 3], [3, 3, 3]], BaseFeatures: 4, MaxFeatures: 6);
        using var net = Build(spec);

        Assert.Equal(7698, net.parameters().Sum(p => p.numel()));

        // Names follow v1's state dict, so the layout above can be checked layer by layer.
        var shapes = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal(new long[] { 4, 2, 1, 3, 3 }, shapes["conv_blocks_context.0.blocks.0.conv.weight"]);
        Assert.Equal(new long[] { 6, 4, 3, 3, 3 }, shapes["conv_blocks_context.1.blocks.0.conv.weight"]);
        Assert.Equal(new long[] { 6, 6, 3, 3, 3 }, shapes["conv_blocks_context.2.1.blocks.0.conv.weight"]);
        Assert.Equal(new long[] { 6 }, shapes["conv_blocks_context.2.0.blocks.0.instnorm.weight"]);
        Assert.Equal(new long[] { 6, 6, 2, 2, 2 }, shapes["tu.0.weight"]);
        Assert.Equal(new long[] { 6, 4, 1, 2, 2 }, shapes["tu.1.weight"]);
        Assert.Equal(new long[] { 6, 12, 3, 3, 3 }, shapes["conv_blocks_localization.0.0.blocks.0.conv.weight"]);
        Assert.Equal(new long[] { 4, 8, 1, 3, 3 }, shapes["conv_blocks_localization.1.0.blocks.0.conv.weight"]);
        Assert.Equal(new long[] { 3, 4, 1, 1, 1 }, shapes["seg_outputs.1.weight"]);
        Assert.DoesNotContain("tu.0.bias", shapes.Keys);
        Assert.DoesNotContain("seg_outputs.0.bias", shapes.Keys);
    }

    [Fact]
    public void FeaturesAreCappedAtMaxFeatures()
    {
        // 5 pools with base 32 and cap 320: 32, 64, 128, 256, 320, bottleneck 320.
        int[][] pools = [[2, 2], [2, 2], [2, 2], [2, 2], [2, 2]];
        var spec = new NetworkSpec(2, 1, 2, pools, Enumerable.Repeat(new[] { 3, 3 }, 6).ToArray(), MaxFeatures: 320);
        using var net = Build(spec);
        var shapes = net.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        long[] expected = [32, 64, 128, 256, 320];
        for (int d = 0; d < 5; d++) Assert.Equal(expected[d], shapes[$"conv_blocks_context.{d}.blocks.1.conv.weight"][0]);
        Assert.Equal(new long[] { 320, 320, 3, 3 }, shapes["conv_blocks_context.5.1.blocks.0.conv.weight"]);
        Assert.Equal(new long[] { 320, 320, 2, 2 }, shapes["tu.0.weight"]);
    }

    [Fact]
    public void WeightsAreHeInitialisedAndBiasesZero()
    {
        var spec = new NetworkSpec(3, 1, 2, [[2, 2, 2], [2, 2, 2], [2, 2, 2]], Enumerable.Repeat(new[] { 3, 3, 3 }, 4).ToArray());
        torch.manual_seed(7);
        using var net = Build(spec);
        var parameters = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        // kaiming normal, fan_in, leaky_relu a = 0.01: std = sqrt(2 / ((1 + a^2) * fan_in)).
        static double Expected(long fanIn) => Math.Sqrt(2.0 / ((1 + 0.01 * 0.01) * fanIn));
        // conv 128 -> 128, 3x3x3: fan_in = 128 * 27 (442,368 weights).
        AssertStd(parameters["conv_blocks_context.2.blocks.1.conv.weight"], Expected(128 * 27));
        // transposed conv 256 -> 128, kernel 2x2x2, weight (256, 128, 2, 2, 2): torch's fan_in is 128 * 8.
        AssertStd(parameters["tu.0.weight"], Expected(128 * 8));

        foreach (var (name, p) in parameters.Where(p => p.Key.EndsWith("conv.bias")))
            Assert.Equal(0.0, p.abs().max().item<float>());
        Assert.Contains(parameters.Keys, k => k.EndsWith("conv.bias"));

        static void AssertStd(Tensor weight, double expected)
        {
            double std = weight.std().item<float>();
            double mean = weight.mean().item<float>();
            Assert.InRange(std / expected, 0.97, 1.03);
            Assert.InRange(Math.Abs(mean), 0, 0.05 * expected);
        }
    }

    [Fact]
    public void TinyNetworkLearnsAFixedBatch()
    {
        torch.manual_seed(1);
        var spec = new NetworkSpec(2, 1, 2, [[2, 2], [2, 2]], [[3, 3], [3, 3], [3, 3]], BaseFeatures: 8, MaxFeatures: 480);
        using var net = Build(spec);
        using var image = randn(2, 1, 32, 32);
        using var target = image.gt(0.3).to_type(ScalarType.Float32);
        var scales = DeepSupervision.TargetScales(spec.PoolKernelSizes);
        var targets = DeepSupervision.DownsampleTargets(target, scales);
        var loss = new DeepSupervisionLoss(new DiceCrossEntropyLoss(batchDice: true), DeepSupervision.LossWeights(scales.Length));
        // nnU-Net's optimiser settings (spec §7).
        using var optimizer = optim.SGD(net.parameters(), 0.01, momentum: 0.99, weight_decay: 3e-5, nesterov: true);

        var losses = new List<double>();
        for (int step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var value = loss.Compute(net.call(image), targets);
            value.backward();
            optimizer.step();
            losses.Add(value.item<float>());
        }
        foreach (var t in targets) t.Dispose();

        // CE starts near ln 2 and Dice near -0.4; a fitting network drives both down.
        Assert.True(losses[^1] < losses[0] - 0.3, $"loss went from {losses[0]:F4} to {losses[^1]:F4}");
    }

    [Fact]
    public void PluginIsExportedUnderItsName()
    {
        using var container = new ContainerConfiguration().WithAssembly(typeof(GenericUNetArchitecture).Assembly).CreateContainer();
        var export = Assert.Single(container.GetExports<Lazy<INetworkArchitecture, PluginMetadata>>());
        Assert.Equal("GenericUNet", export.Metadata.Name);
        Assert.False(string.IsNullOrWhiteSpace(export.Metadata.Description));
        Assert.IsType<GenericUNetArchitecture>(export.Value);
    }

    [Theory]
    [InlineData(4, "dimensions must be 2 or 3")]
    [InlineData(0, "conv kernel sizes for 2 pools")]
    [InlineData(1, "pool kernel 1 is [2, 2]")]
    [InlineData(2, "conv kernel 0 is [2, 3, 3]")]
    public void InconsistentSpecIsAClearError(int variant, string message)
    {
        int[][] pools = [[2, 2, 2], [2, 2, 2]];
        int[][] kernels = [[3, 3, 3], [3, 3, 3], [3, 3, 3]];
        var spec = variant switch
        {
            4 => new NetworkSpec(4, 1, 2, pools, kernels),
            0 => new NetworkSpec(3, 1, 2, pools, kernels[..2]),
            1 => new NetworkSpec(3, 1, 2, [[2, 2, 2], [2, 2]], kernels),
            _ => new NetworkSpec(3, 1, 2, pools, [[2, 3, 3], [3, 3, 3], [3, 3, 3]]),
        };
        var error = Assert.Throws<InvalidInputException>(() => new GenericUNetArchitecture().Build(spec, CPU));
        Assert.Contains(message, error.Message);
    }
}
