namespace NnUNet.Core.Datasets;

/// <summary>Which nnU-Net generation named a task folder.</summary>
public enum TaskFolderKind
{
    /// <summary>v1: TaskXXX_Name.</summary>
    Task,

    /// <summary>v2: DatasetXXX_Name.</summary>
    Dataset,
}
