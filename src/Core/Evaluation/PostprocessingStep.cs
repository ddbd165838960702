namespace NnUNet.Core.Evaluation;

/// <summary>
/// One entry of v1's <c>for_which_classes</c>: keep only the largest component of one class (written as the
/// number), or of several classes merged into one foreground (written as a list).
/// </summary>
public sealed record PostprocessingStep(IReadOnlyList<int> Classes, bool Merged)
{
    public static PostprocessingStep ForClass(int label) => new([label], false);

    public static PostprocessingStep ForMerged(IReadOnlyList<int> classes) => new(classes.ToArray(), true);

    /// <summary>As v1 prints it: <c>2</c> or <c>[1, 2]</c>.</summary>
    public override string ToString() => Merged ? $"[{string.Join(", ", Classes)}]" : Classes[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
}
