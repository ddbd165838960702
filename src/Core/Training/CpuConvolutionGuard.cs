using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// Makes sure float32 convolutions on the CPU are right before a network runs there. On some machines (seen on an AMD
/// EPYC with AVX-512, libtorch 2.10 / oneDNN 3.7.1) oneDNN's AVX2 and AVX-512 backward-data kernels return wrong input
/// gradients, sometimes NaN, and its AVX forward kernels wrong outputs for input channels above 8 that are not a multiple
/// of 8; training then silently learns garbage. <see cref="Runtime.TorchCpuBackend"/> caps oneDNN at SSE4.1, which is
/// right there. This check runs such convolutions (outputs and input gradients) in float32 and float64 (which never uses
/// oneDNN) once per process; if they disagree it turns oneDNN off for the process (libtorch then uses its own, about 4x
/// slower kernels) and checks again.
/// </summary>
public static class CpuConvolutionGuard
{
    /// <summary>Largest relative difference between float32 and float64 results a healthy backend shows (~1e-6).</summary>
    const double Tolerance = 1e-3;

    static readonly Lock Gate = new();
    static string? status;

    /// <summary>Whether the check found oneDNN faulty and turned it off.</summary>
    public static bool OneDnnDisabled { get; private set; }

    /// <summary>
    /// Runs the check once per process (later calls return the first result) and returns one line for the log.
    /// Does not touch the global random generator.
    /// </summary>
    /// <exception cref="InvalidOperationException">Gradients are still wrong with oneDNN off, or it cannot be turned off.</exception>
    public static string Ensure()
    {
        lock (Gate)
        {
            if (status is not null) return status;
            TurnOffNnpack();
            double error = LargestError();
            if (error <= Tolerance)
                return status = $"CPU convolutions verified (relative error {error:E1}).";

            TurnOffOneDnn(error);
            OneDnnDisabled = true;
            double after = LargestError();
            if (!(after <= Tolerance))
                throw new InvalidOperationException($"CPU convolutions are wrong (relative error {after:E1}) even with oneDNN off; a network on this CPU would be wrong.");
            return status = $"oneDNN convolutions were wrong on this CPU (relative error {error:E1}); oneDNN is off for this process " +
                $"(slower). Another {Runtime.TorchCpuBackend.IsaVariable} (e.g. SSE41, the default) may be right with oneDNN kept on.";
        }
    }

    /// <summary>Largest relative error of float32 outputs and input gradients against float64 over shapes that expose the faults.</summary>
    static double LargestError()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20240229, CPU);
        // (dims, batch, in, out, size): stride-1 3x3 convolutions as the U-Net's blocks use them, and input channels
        // that are not a multiple of 8.
        (int Dims, int Batch, int In, int Out, int Size)[] probes =
            [(2, 2, 4, 4, 32), (2, 2, 16, 8, 32), (3, 2, 8, 3, 12), (3, 2, 1, 8, 12), (2, 2, 12, 8, 32), (3, 2, 20, 8, 12)];
        double worst = 0;
        foreach (var p in probes)
        {
            long[] spatial = Enumerable.Repeat((long)p.Size, p.Dims).ToArray();
            long[] kernel = Enumerable.Repeat(3L, p.Dims).ToArray();
            long[] ones = Enumerable.Repeat(1L, p.Dims).ToArray();
            var input = randn([p.Batch, p.In, .. spatial], generator: generator);
            var weight = randn([p.Out, p.In, .. kernel], generator: generator);
            var upstream = randn([p.Batch, p.Out, .. spatial], generator: generator);
            var (output, gradient) = Run(input, weight, upstream, ones);
            var (output64, gradient64) = Run(input.to_type(ScalarType.Float64), weight.to_type(ScalarType.Float64), upstream.to_type(ScalarType.Float64), ones);
            double error = Math.Max(RelativeError(output, output64), RelativeError(gradient, gradient64));
            if (double.IsNaN(error)) return double.NaN;
            worst = Math.Max(worst, error);
        }
        return worst;
    }

    static double RelativeError(Tensor single, Tensor reference) =>
        ((single.to_type(ScalarType.Float64) - reference).abs().max() / reference.abs().max()).item<double>();

    /// <summary>The convolution's output and its input gradient for the upstream gradient.</summary>
    static (Tensor Output, Tensor InputGradient) Run(Tensor input, Tensor weight, Tensor upstream, long[] ones)
    {
        using var enable = enable_grad();
        var x = input.detach().requires_grad_(true);
        var y = input.dim() == 4
            ? nn.functional.conv2d(x, weight, null, strides: ones, padding: ones)
            : nn.functional.conv3d(x, weight, null, strides: ones, padding: ones);
        (y * upstream).sum().backward();
        return (y.detach(), x.grad!.detach().clone());
    }

    static void TurnOffOneDnn(double error)
    {
        try
        {
            LibTorch.SetUserEnabledMkldnn(LibTorch.GlobalContext(), false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException($"CPU convolutions are wrong (relative error {error:E1}) and oneDNN cannot be turned off on this platform; a network on this CPU would be wrong.", e);
        }
    }

    /// <summary>
    /// NNPACK cannot run on CPUs without its instruction set and libtorch then prints a warning for every
    /// convolution; turning it off only removes the attempt (libtorch's other kernels do the work).
    /// </summary>
    static void TurnOffNnpack()
    {
        try { LibTorch.SetUserEnabledNnpack(LibTorch.GlobalContext(), false); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>libtorch's at::globalContext().setUserEnabledMkldnn(bool), which TorchSharp does not expose (Linux x64 C++ ABI).</summary>
    static class LibTorch
    {
        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
        public static extern IntPtr GlobalContext();

        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        public static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
        public static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
    }
}
