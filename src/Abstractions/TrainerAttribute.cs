using System.Composition;

namespace NnUNet.Abstractions;

/// <summary>Exports a class as an <see cref="ITrainer"/> under a name: <c>[Trainer("nnUNetTrainerV2_5epochs", Description = "...")]</c>.</summary>
[MetadataAttribute, AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TrainerAttribute : ExportAttribute
{
    /// <summary>Exports the class as a trainer called <paramref name="name"/>.</summary>
    public TrainerAttribute(string name) : base(typeof(ITrainer)) => Name = name;

    /// <summary>The name used in <c>nnunet train CONFIGURATION NAME TASK FOLD</c>.</summary>
    public string Name { get; }

    /// <summary>One line saying how this trainer differs from nnUNetTrainerV2.</summary>
    public string Description { get; set; } = "";
}
