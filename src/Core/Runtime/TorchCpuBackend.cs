using System.Runtime.InteropServices;

namespace NnUNet.Core.Runtime;

/// <summary>
/// Process-wide settings for libtorch's CPU backend that must be made before libtorch first runs.
/// oneDNN 3.7 (libtorch 2.10) gets float32 convolutions wrong on some CPUs (seen on AMD EPYC): its AVX2 and AVX-512
/// kernels return wrong input gradients, sometimes NaN, and its AVX kernels return wrong outputs whenever the input
/// channels are above 8 and not a multiple of 8 (a 12-feature U-Net, or a cascade input of 1 + 9 channels). Its SSE4.1
/// kernels were right for every shape tried, at about 1.7x the time of AVX for a 3D training step (docs/architecture.md).
/// oneDNN reads ONEDNN_MAX_CPU_ISA from the native environment once, so the cap is set there (.NET's
/// Environment.SetEnvironmentVariable does not reach native code on Unix). A value the user set is kept.
/// <see cref="Training.CpuConvolutionGuard"/> still verifies convolutions before a network runs and turns oneDNN off if
/// they are wrong anyway.
/// </summary>
public static class TorchCpuBackend
{
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";
    public const string SafeIsa = "SSE41";

    /// <summary>Caps oneDNN at SSE4.1 unless ONEDNN_MAX_CPU_ISA is already set (non-empty). Call first thing in Main.</summary>
    public static void ApplyDefaults()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IsaVariable))) return;
        Environment.SetEnvironmentVariable(IsaVariable, SafeIsa);
        // Overwrite: an empty native value would otherwise stay, and oneDNN reads empty as "no cap".
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) NativeSetEnvironment(IsaVariable, SafeIsa, 1);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int NativeSetEnvironment(string name, string value, int overwrite);
}
