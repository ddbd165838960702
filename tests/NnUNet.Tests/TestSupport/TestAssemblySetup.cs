using System.Runtime.CompilerServices;
using NnUNet.Core.Runtime;

namespace NnUNet.Tests.TestSupport;

/// <summary>Process settings the product's entry points make, applied before any test runs torch code.</summary>
internal static class TestAssemblySetup
{
    [ModuleInitializer]
    internal static void Initialize() => TorchCpuBackend.ApplyDefaults();
}
