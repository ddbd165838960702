namespace NnUNet.Core.Datasets;

/// <summary>One case of a raw dataset.</summary>
/// <param name="Id">Case identifier (file name without channel suffix and ending).</param>
/// <param name="Images">Absolute paths of the image files, one per channel file (CASE_0000, CASE_0001, ...).</param>
/// <param name="Label">Absolute path of the label file; null for test cases.</param>
public sealed record DatasetCase(string Id, IReadOnlyList<string> Images, string? Label);
