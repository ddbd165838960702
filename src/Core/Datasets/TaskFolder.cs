namespace NnUNet.Core.Datasets;

/// <summary>A task folder found on disk (raw, preprocessed or results).</summary>
/// <param name="Id">Numeric task id (501 for Task501_Name).</param>
/// <param name="Name">The folder name, e.g. Task501_Name; the same name is used in the preprocessed and results folders.</param>
/// <param name="Path">Absolute path of the folder.</param>
/// <param name="Kind">v1 Task or v2 Dataset naming.</param>
public sealed record TaskFolder(int Id, string Name, string Path, TaskFolderKind Kind);
