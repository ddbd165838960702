using System.Runtime.InteropServices;

namespace NnUNet.Core.Runtime;

/// <summary>
/// Process-wide settings for libtorch's CPU backend that must be made before libtorch first runs.
/// oneDNN 3.7 (libtorch 2.10) returns wrong float32 convolution input gradients with its AVX2 and AVX-512
/// kernels on some CPUs (seen on AMD EPYC); its AVX kernels are right. oneDNN reads ONEDNN_MAX_CPU_ISA from the
/// native environment once, so the cap is set there (.NET's Environment.SetEnvironmentVariable does not reach
/// native code on Unix). A value the user set is kept. <see cref="Training.CpuConvolutionGuard"/> still verifies
/// the gradients before training and turns oneDNN off if they are wrong anyway.
/// </summary>
public static class TorchCpuBackend
{
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";
    const string SafeIsa = "AVX";

    /// <summary>Caps oneDNN at AVX unless ONEDNN_MAX_CPU_ISA is already set. Call first thing in Main.</summary>
    public static void ApplyDefaults()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IsaVariable))) return;
        Environment.SetEnvironmentVariable(IsaVariable, SafeIsa);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) NativeSetEnvironment(IsaVariable, SafeIsa, 0);
    }

    [DllImport("libc", EntryPoint = "setenv")]
    static extern int NativeSetEnvironment(string name, string value, int overwrite);
}
