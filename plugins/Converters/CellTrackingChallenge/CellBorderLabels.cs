using NnUNet.Core.Conversion;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>The labels of Task076 and Task089 (spec §2): 0 background, 1 cell, 2 border.</summary>
internal static class CellBorderLabels
{
    public static LabelSet Set { get; } = LabelSet.Create(
        [new(0, LabelSet.BackgroundName), new((int)InstanceBorders.Cell, "cell"), new((int)InstanceBorders.Border, "border")], "cell/border labels");
}
