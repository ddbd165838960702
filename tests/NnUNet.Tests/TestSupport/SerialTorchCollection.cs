namespace NnUNet.Tests.TestSupport;

/// <summary>
/// Test classes that must run alone: they seed torch's process-wide random generator (deterministic training) or
/// time themselves, and another class drawing from it or using the cores in between would change their results.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchCollection
{
    public const string Name = "serial torch";
}
