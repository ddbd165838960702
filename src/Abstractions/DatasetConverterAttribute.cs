using System.Composition;

namespace NnUNet.Abstractions;

/// <summary>Exports a class as an <see cref="IDatasetConverter"/> under a name: <c>[DatasetConverter("png2d", Description = "...", Input = "...")]</c>.</summary>
[MetadataAttribute, AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DatasetConverterAttribute : ExportAttribute
{
    /// <summary>Exports the class as a converter called <paramref name="name"/>.</summary>
    public DatasetConverterAttribute(string name) : base(typeof(IDatasetConverter)) => Name = name;

    /// <summary>The name used in <c>nnunet convert NAME</c>.</summary>
    public string Name { get; }

    /// <summary>One line describing what the converter produces.</summary>
    public string Description { get; set; } = "";

    /// <summary>One line describing the source layout the converter expects.</summary>
    public string Input { get; set; } = "";
}
