using NnUNet.Core.Planning;

namespace NnUNet.Tests.Planning;

public sealed class NormalizationChoiceTests
{
    [Fact]
    public void SchemesFollowTheModalityName() =>
        Assert.Equal(["CT", "CT", "nonCT", "noNorm", "nonCT", "nonCT"],
            NormalizationChoice.Schemes(["CT", "ct", "Ct", "noNorm", "CTA", "T2"]));

    [Theory]
    [InlineData(new[] { 0.5, 0.6, 0.7 }, true)]   // median 0.6 < 0.75
    [InlineData(new[] { 0.5, 0.75, 0.9 }, false)] // median exactly 0.75 is not below
    [InlineData(new[] { 1.0, 1.0 }, false)]
    public void MaskIsUsedWhenCroppingRemovedAQuarterOrMore(double[] reductions, bool expected)
    {
        var fp = new DatasetFingerprint
        {
            Cases = reductions.Select((r, i) => new CaseFingerprint
            {
                CaseIdentifier = $"c{i}", Spacing = [1.0, 1, 1], ShapeAfterCropping = [10, 10, 10], SizeReduction = r,
            }).ToArray(),
            // "CT" anywhere in the name (case-sensitive) disables the mask; lowercase "ct" and "PET" do not.
            Modalities = ["T1", "CT", "CTA", "ct", "PET"],
            AllClasses = [1],
        };
        Assert.Equal([expected, false, false, expected, expected], NormalizationChoice.UseMaskForNorm(fp));
    }
}
