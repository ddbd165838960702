namespace NnUNet.Core.Datasets;

/// <summary>How bad a dataset problem is: errors fail verification, warnings do not.</summary>
public enum ProblemSeverity
{
    Warning,
    Error,
}
