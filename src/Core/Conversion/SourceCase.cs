namespace NnUNet.Core.Conversion;

/// <summary>One case to convert: its id, the source image file (all channels in one file) and its label file, if any.</summary>
/// <param name="Id">The case id (file names CASE_0000.nii.gz, CASE.nii.gz).</param>
/// <param name="ImagePath">The source image (PNG, TIFF).</param>
/// <param name="LabelPath">The source label image; required for training cases, optional for test cases (-> labelsTs).</param>
/// <param name="Set">Training or test.</param>
public sealed record SourceCase(string Id, string ImagePath, string? LabelPath, CaseSet Set);
