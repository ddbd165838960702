using TorchSharp;

namespace NnUNet.Tests.Torch;

/// <summary>Proves the native backend loads on this machine (the GLIBCXX version-need patch works).</summary>
public class TorchNativeLoadTests
{
    [Fact]
    public void CreatesAndMultipliesTensors()
    {
        torch.set_num_threads(1);
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var b = torch.ones(3, 2);
        using var product = a.matmul(b);
        Assert.Equal(new long[] { 2, 2 }, product.shape);
        Assert.Equal(new float[] { 3, 3, 12, 12 }, product.data<float>().ToArray());
    }
}
