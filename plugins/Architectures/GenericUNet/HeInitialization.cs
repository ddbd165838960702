using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NnUNet.Architectures.GenericUNet;

/// <summary>v1 InitWeights_He: kaiming normal (fan_in, leaky_relu, a = 0.01) on every (transposed) conv weight, biases 0 (spec §6).</summary>
internal static class HeInitialization
{
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var m in module.modules())
        {
            var (weight, bias) = m switch
            {
                Conv2d c => (c.weight, c.bias),
                Conv3d c => (c.weight, c.bias),
                ConvTranspose2d c => (c.weight, c.bias),
                ConvTranspose3d c => (c.weight, c.bias),
                _ => (null, null),
            };
            if (weight is not null) nn.init.kaiming_normal_(weight, a: ConvNormNonlinBlock.NegativeSlope, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.LeakyReLU);
            if (bias is not null) nn.init.zeros_(bias);
        }
    }
}
