using NnUNet.Core.Conversion;

namespace NnUNet.Converters.CellTrackingChallenge;

/// <summary>One frame to convert, with the case id it gets and the dataset and sequence it comes from.</summary>
internal sealed record CellTrackingCase(string Id, CaseSet Set, string Dataset, string Sequence, CellTrackingFrame Frame);
