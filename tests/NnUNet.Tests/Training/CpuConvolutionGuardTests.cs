using NnUNet.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Tests.Training;

/// <summary>
/// After the guard, float32 convolutions on the CPU (outputs and gradients) agree with float64 (which never uses oneDNN),
/// also for channel counts that are not multiples of 8 (oneDNN's AVX kernels get those outputs wrong on AMD EPYC).
/// </summary>
public class CpuConvolutionGuardTests
{
    public CpuConvolutionGuardTests() => torch.set_num_threads(1);

    [Fact]
    public void ConvolutionsMatchDoublePrecisionAfterTheGuard()
    {
        string status = CpuConvolutionGuard.Ensure();
        Assert.False(string.IsNullOrWhiteSpace(status));
        Assert.Same(status, CpuConvolutionGuard.Ensure());

        torch.manual_seed(3);
        int[][] channels = [[1, 8], [2, 8], [8, 1], [8, 3], [16, 8], [4, 4], [32, 32], [12, 8], [12, 24], [20, 3], [48, 40]];
        foreach (int dims in new[] { 2, 3 })
            foreach (var c in channels)
                foreach (int stride in new[] { 1, 2 })
                {
                    using var scope = NewDisposeScope();
                    long size = dims == 2 ? 24 : 10;
                    long[] spatial = Enumerable.Repeat(size, dims).ToArray();
                    long[] kernel = Enumerable.Repeat(3L, dims).ToArray();
                    long[] strides = Enumerable.Repeat((long)stride, dims).ToArray();
                    long[] padding = Enumerable.Repeat(1L, dims).ToArray();
                    var x = randn([2, c[0], .. spatial]);
                    var w = randn([c[1], c[0], .. kernel]);

                    var (y, dx, dw) = Run(x, w);
                    var (y64, dx64, dw64) = Run(x.to_type(ScalarType.Float64), w.to_type(ScalarType.Float64));
                    string shape = $"{dims}D {c[0]}->{c[1]} stride {stride}";
                    Assert.True(RelativeError(y, y64) < 1e-4, $"output wrong for {shape}: {RelativeError(y, y64)}");
                    Assert.True(RelativeError(dx, dx64) < 1e-4, $"input gradient wrong for {shape}: {RelativeError(dx, dx64)}");
                    Assert.True(RelativeError(dw, dw64) < 1e-4, $"weight gradient wrong for {shape}: {RelativeError(dw, dw64)}");

                    (Tensor, Tensor, Tensor) Run(Tensor input, Tensor weight)
                    {
                        var xi = input.detach().requires_grad_(true);
                        var wi = weight.detach().requires_grad_(true);
                        var y = dims == 2
                            ? nn.functional.conv2d(xi, wi, null, strides: strides, padding: padding)
                            : nn.functional.conv3d(xi, wi, null, strides: strides, padding: padding);
                        using var upstream = cos(arange(y.numel(), dtype: y.dtype)).reshape(y.shape);
                        (y * upstream).sum().backward();
                        return (y.detach(), xi.grad!, wi.grad!);
                    }
                }
    }

    static double RelativeError(Tensor single, Tensor reference)
        => ((single.to_type(ScalarType.Float64) - reference).abs().max() / reference.abs().max()).item<double>();
}
