using System.Runtime.InteropServices;
using NnUNet.Core.Runtime;

namespace NnUNet.Tests.Runtime;

public class TorchCpuBackendTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    static extern IntPtr NativeGetEnvironment(string name);

    [Fact]
    public void OneDnnCapReachesTheNativeEnvironment()
    {
        TorchCpuBackend.ApplyDefaults(); // the test assembly's initializer already did; calling again changes nothing
        string? managed = Environment.GetEnvironmentVariable(TorchCpuBackend.IsaVariable);
        string? native = Marshal.PtrToStringAnsi(NativeGetEnvironment(TorchCpuBackend.IsaVariable));
        Assert.False(string.IsNullOrEmpty(native));
        Assert.Equal(managed, native);
    }
}
