using NnUNet.Host.Plugins;
using TorchSharp;

namespace NnUNet.Host.Commands;

/// <summary>
/// <c>nnunet torch-check</c> (hidden): loads every plugin, then multiplies two small tensors with libtorch.
/// Shows that the plugins left the host's single TorchSharp/libtorch in charge (two copies abort the process).
/// </summary>
public sealed class TorchCheckCommand : HostCommand
{
    // (2x3 ones) x (3x2 ones) sums to 2*2*3.
    const float ExpectedSum = 12;

    public TorchCheckCommand() : base("torch-check", "Load the plugins, then compute a small tensor product (diagnostic)") =>
        Hidden = true;

    public override int Execute(CommandContext context)
    {
        PluginCatalog catalog = context.Plugins;
        int exports = catalog.Converters.Count + catalog.Trainers.Count + catalog.Architectures.Count;
        using torch.Tensor a = torch.ones(2, 3), b = torch.ones(3, 2), product = a.matmul(b), sum = product.sum();
        float value = sum.item<float>();
        var torchSharp = typeof(torch).Assembly;
        context.Console.Info($"plugin exports loaded: {exports}; plugin files skipped: {catalog.Failures.Count}");
        context.Console.Info($"TorchSharp {torchSharp.GetName().Version} from {torchSharp.Location}");
        context.Console.Info($"tensor product sum: {value} (expected {ExpectedSum})");
        if (value != ExpectedSum) throw new InvalidOperationException($"libtorch computed {value} instead of {ExpectedSum}");
        return ExitCodes.Success;
    }
}
