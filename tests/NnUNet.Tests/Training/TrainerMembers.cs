using System.Reflection;
using NnUNet.Core.Training;

namespace NnUNet.Tests.Training;

/// <summary>Reads a trainer's protected overridable parts (property or method), as a derived trainer sees them.</summary>
internal static class TrainerMembers
{
    public static T Get<T>(NnUNetTrainer trainer, string name, params object[] arguments)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic;
        var property = typeof(NnUNetTrainer).GetProperty(name, flags);
        object? value = property is not null ? property.GetValue(trainer) : typeof(NnUNetTrainer).GetMethod(name, flags)!.Invoke(trainer, arguments);
        return (T)value!;
    }
}
