using NnUNet.Abstractions;
using NnUNet.Core.Conversion;

namespace NnUNet.Tests.Conversion;

/// <summary>Label files to label values: as stored, threshold, colour table; declared label sets.</summary>
public class LabelMappingTests
{
    static SourceImage Label(float[] data, int channels = 1, SourceSampleType type = SourceSampleType.UInt8) =>
        new("/data/labels/a.png", data, channels, [1, 2, data.Length / channels / 2], type);

    [Fact]
    public void AsIsKeepsWholeValuesAndTreatsEqualColourChannelsAsGray()
    {
        Assert.Equal([0, 1, 2, 1], LabelMapping.AsIs.Apply(Label([0, 1, 2, 1])));
        Assert.Equal([0, 3], LabelMapping.AsIs.Apply(Label([0, 3, 0, 3, 0, 3], channels: 3)));
    }

    [Fact]
    public void AsIsRefusesFractionsNegativesAndColours()
    {
        Assert.Equal("/data/labels/a.png: label value 0.5 at pixel (y=1, x=0) is not a whole number >= 0",
            Assert.Throws<InvalidInputException>(() => LabelMapping.AsIs.Apply(Label([0, 1, 0.5f, 1], type: SourceSampleType.Float32))).Message);
        Assert.Contains("label value -1 at pixel (y=0, x=1)",
            Assert.Throws<InvalidInputException>(() => LabelMapping.AsIs.Apply(Label([0, -1, 0, 0], type: SourceSampleType.Int8))).Message);
        string colour = Assert.Throws<InvalidInputException>(() => LabelMapping.AsIs.Apply(Label([0, 9, 0, 9, 0, 8], channels: 3))).Message;
        Assert.Equal("/data/labels/a.png: the label image has colours (3 channels differing at pixel (y=1, x=0)); give --colour-table FILE to map colours to labels", colour);
    }

    [Fact]
    public void ThresholdMapsTo0And1()
    {
        LabelMapping threshold = LabelMapping.Threshold(255);

        Assert.Equal([0, 0, 1, 0], threshold.Apply(Label([0, 254, 255, 128])));
        Assert.Equal([0, 1], threshold.ImpliedLabels!.Names.Keys);
    }

    [Fact]
    public void ColourTableMapsColoursAndNamesTheUnknownOne()
    {
        ColourTable table = ColourTable.Parse(
        [
            "# value r g b name",
            "0 0 0 0 background",
            "1, 255, 0, 0, road surface",
            "2 0 0 255",
            "1 200 0 0   # a second colour for label 1",
        ], "table.txt");
        LabelMapping colours = LabelMapping.Colours(table);

        Assert.Equal([0, 1, 2, 1], colours.Apply(Label([0, 255, 0, 200, 0, 0, 0, 0, 0, 0, 255, 0], channels: 3)));
        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "road surface", [2] = "label 2" }, table.Labels.Names);
        Assert.Equal("/data/labels/a.png: colour (0, 255, 0) at pixel (y=0, x=1) is not in the colour table table.txt",
            Assert.Throws<InvalidInputException>(() => colours.Apply(Label([0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0], channels: 3))).Message);
    }

    [Theory]
    [InlineData("0 0 0", "table.txt line 1: expected VALUE R G B [NAME], got '0 0 0'")]
    [InlineData("0 0 0 0\n1 0 0 0", "table.txt line 2: colour (0, 0, 0) is listed twice")]
    [InlineData("0 0 0 0\n2 9 9 9", "table.txt: labels 0, 2 are not 0, 1, 2, ... without gaps, as nnU-Net needs (0 = background)")]
    [InlineData("0 0 0 x", "table.txt line 1: VALUE R G B must be whole numbers from 0 to 65535, got '0 0 0 x'")]
    public void BadColourTablesAreOneLineNamingTheLine(string text, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidInputException>(() => ColourTable.Parse(text.Split('\n'), "table.txt")).Message);

    [Fact]
    public void LabelSetParsesAndChecksValues()
    {
        LabelSet labels = LabelSet.Parse("0=background, 1=street", "--labels");

        Assert.Equal(new Dictionary<int, string> { [0] = "background", [1] = "street" }, labels.Names);
        labels.Check([0, 1, 1, 0], Label([0, 1, 1, 0]));
        Assert.Equal("/data/labels/a.png: label value 7 at pixel (y=1, x=1) is not a declared label (0 background, 1 street)",
            Assert.Throws<InvalidInputException>(() => labels.Check([0, 1, 1, 7], Label([0, 1, 1, 7]))).Message);
    }

    [Theory]
    [InlineData("1=a,2=b", "--labels: labels 1, 2 are not 0, 1, 2, ... without gaps, as nnU-Net needs (0 = background)")]
    [InlineData("0=a,zero=b", "--labels: 'zero=b' is not VALUE=NAME (e.g. 0=background,1=street)")]
    [InlineData("0=a,0=b", "--labels: label 0 is given twice")]
    [InlineData("0=,1=b", "--labels: label 0 has no name")]
    public void BadLabelListsAreRefused(string text, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidInputException>(() => LabelSet.Parse(text, "--labels")).Message);
}
