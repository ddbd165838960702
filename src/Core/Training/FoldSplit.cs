namespace NnUNet.Core.Training;

/// <summary>The case ids one fold trains on and validates on, each list in code-point order.</summary>
public sealed record FoldSplit(IReadOnlyList<string> Train, IReadOnlyList<string> Val);
