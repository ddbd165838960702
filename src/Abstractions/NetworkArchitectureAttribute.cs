using System.Composition;

namespace NnUNet.Abstractions;

/// <summary>Exports a class as an <see cref="INetworkArchitecture"/> under a name: <c>[NetworkArchitecture("GenericUNet")]</c>.</summary>
[MetadataAttribute, AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NetworkArchitectureAttribute : ExportAttribute
{
    /// <summary>Exports the class as an architecture called <paramref name="name"/>.</summary>
    public NetworkArchitectureAttribute(string name) : base(typeof(INetworkArchitecture)) => Name = name;

    /// <summary>The name trainers ask the catalog for.</summary>
    public string Name { get; }

    /// <summary>One line describing the network.</summary>
    public string Description { get; set; } = "";
}
