using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NnUNet.Core.Training;

/// <summary>
/// Makes sure float32 convolution gradients on the CPU are right before a network trains there. On some machines
/// (seen on an AMD EPYC with AVX-512, libtorch 2.10 / oneDNN 3.7.1) oneDNN's AVX2 and AVX-512 backward-data kernels
/// return wrong input gradients, sometimes NaN, for common U-Net shapes (mostly stride-1 3x3 convolutions), while
/// forward results and weight gradients are right; training then silently learns garbage. The check runs
/// a few such convolutions in float32 and float64 (which never uses oneDNN) once per process; if they disagree it
/// turns oneDNN off for the process (libtorch then uses its own kernels) and checks again. On the machine above,
/// oneDNN limited to AVX (environment variable ONEDNN_MAX_CPU_ISA=AVX, read when oneDNN first runs) passes the
/// check and is about 4x faster than oneDNN off.
/// </summary>
public static class CpuConvolutionGuard
{
    /// <summary>Largest relative difference between the float32 and float64 gradients a healthy backend shows (~1e-6).</summary>
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
            double error = LargestGradientError();
            if (error <= Tolerance)
                return status = $"CPU convolution gradients verified (relative error {error:E1}).";

            TurnOffOneDnn(error);
            OneDnnDisabled = true;
            double after = LargestGradientError();
            if (!(after <= Tolerance))
                throw new InvalidOperationException($"CPU convolution gradients are wrong (relative error {after:E1}) even with oneDNN off; training on this CPU would be wrong.");
            return status = $"oneDNN convolution gradients were wrong on this CPU (relative error {error:E1}); oneDNN is off for this " +
                "process (slower). Starting with ONEDNN_MAX_CPU_ISA=AVX set may give right gradients with oneDNN kept on.";
        }
    }

    /// <summary>Largest relative error of float32 input gradients against float64 over shapes that expose the fault.</summary>
    static double LargestGradientError()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(20240229, CPU);
        // (dims, batch, in, out, size): stride-1 3x3 convolutions as the U-Net's blocks use them.
        (int Dims, int Batch, int In, int Out, int Size)[] probes = [(2, 2, 4, 4, 32), (2, 2, 16, 8, 32), (3, 2, 8, 3, 12), (3, 2, 1, 8, 12)];
        double worst = 0;
        foreach (var p in probes)
        {
            long[] spatial = Enumerable.Repeat((long)p.Size, p.Dims).ToArray();
            long[] kernel = Enumerable.Repeat(3L, p.Dims).ToArray();
            long[] ones = Enumerable.Repeat(1L, p.Dims).ToArray();
            var input = randn([p.Batch, p.In, .. spatial], generator: generator);
            var weight = randn([p.Out, p.In, .. kernel], generator: generator);
            var upstream = randn([p.Batch, p.Out, .. spatial], generator: generator);
            var single = InputGradient(input, weight, upstream, ones);
            var reference = InputGradient(input.to_type(ScalarType.Float64), weight.to_type(ScalarType.Float64), upstream.to_type(ScalarType.Float64), ones);
            double error = ((single.to_type(ScalarType.Float64) - reference).abs().max() / reference.abs().max()).item<double>();
            if (double.IsNaN(error)) return double.NaN;
            worst = Math.Max(worst, error);
        }
        return worst;
    }

    static Tensor InputGradient(Tensor input, Tensor weight, Tensor upstream, long[] ones)
    {
        using var enable = enable_grad();
        var x = input.detach().requires_grad_(true);
        var y = input.dim() == 4
            ? nn.functional.conv2d(x, weight, null, strides: ones, padding: ones)
            : nn.functional.conv3d(x, weight, null, strides: ones, padding: ones);
        (y * upstream).sum().backward();
        return x.grad!.detach().clone();
    }

    static void TurnOffOneDnn(double error)
    {
        try
        {
            LibTorch.SetUserEnabledMkldnn(LibTorch.GlobalContext(), false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException($"CPU convolution gradients are wrong (relative error {error:E1}) and oneDNN cannot be turned off on this platform; training on this CPU would be wrong.", e);
        }
    }

    /// <summary>libtorch's at::globalContext().setUserEnabledMkldnn(bool), which TorchSharp does not expose (Linux x64 C++ ABI).</summary>
    static class LibTorch
    {
        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
        public static extern IntPtr GlobalContext();

        [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        public static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
    }
}
