namespace NnUNet.Abstractions;

/// <summary>Everything a converter needs to know about one run of <c>nnunet convert</c>.</summary>
/// <param name="SourceDirectory">The user's source folder, in the layout the converter expects.</param>
/// <param name="TaskDirectory">An empty folder to fill with imagesTr/, labelsTr/, imagesTs/ (optional labelsTs/)
/// and dataset.json. The host renames it to the final Task folder only after Convert returns, so a failed
/// conversion never leaves a half-written Task.</param>
/// <param name="TaskId">The numeric task id (e.g. 501).</param>
/// <param name="TaskName">The name part of TaskXXX_Name.</param>
/// <param name="Options">Values of the converter's own options, by option name (a flag has an empty array).</param>
public sealed record ConversionRequest(
    string SourceDirectory,
    string TaskDirectory,
    int TaskId,
    string TaskName,
    IReadOnlyDictionary<string, string[]> Options);
