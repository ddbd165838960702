namespace NnUNet.Abstractions;

/// <summary>An extra command-line option a converter understands, e.g. <c>--spacing z y x</c>.</summary>
/// <param name="Name">Option name without dashes, e.g. "spacing".</param>
/// <param name="Description">One line for <c>nnunet convert NAME --help</c>.</param>
/// <param name="ValueCount">Values the option takes: 0 for a flag, 1 or more for values.</param>
/// <param name="ValueName">How help shows the values, e.g. "Z Y X" or "FILE" (default "VALUE").</param>
public sealed record ConverterOption(string Name, string Description, int ValueCount = 1, string? ValueName = null);
