using System.Globalization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// How a decoded label file becomes label values: as stored (<see cref="AsIs"/>), a threshold
/// (<see cref="Threshold"/>, e.g. Task120's 255 -> 1) or a colour table (<see cref="Colours"/>).
/// A colour file whose three channels are equal everywhere counts as gray.
/// </summary>
public abstract class LabelMapping
{
    /// <summary>Values as stored; they must be whole numbers &gt;= 0.</summary>
    public static LabelMapping AsIs { get; } = new AsIsMapping();

    /// <summary>Values &gt;= <paramref name="threshold"/> become 1, the rest 0 (labels 0 background, 1 foreground).</summary>
    public static LabelMapping Threshold(double threshold) => new ThresholdMapping(threshold);

    /// <summary>Each pixel's colour is looked up in <paramref name="table"/> (a gray pixel v is the colour (v, v, v)).</summary>
    public static LabelMapping Colours(ColourTable table) => new ColourMapping(table);

    /// <summary>The labels this mapping can produce, when it decides them (threshold, colour table); null for as-is.</summary>
    public virtual LabelSet? ImpliedLabels => null;

    /// <summary>The label values (one channel, the file's shape); throws naming the file and the pixel for values it cannot map.</summary>
    public abstract float[] Apply(SourceImage label);

    /// <summary>The one channel of a gray file, or of a colour file whose channels agree at every pixel.</summary>
    protected static ReadOnlySpan<float> Gray(SourceImage label, string hint)
    {
        if (label.Channels == 1) return label.Channel(0);
        ReadOnlySpan<float> first = label.Channel(0);
        for (int c = 1; c < label.Channels; c++)
        {
            ReadOnlySpan<float> other = label.Channel(c);
            for (int i = 0; i < first.Length; i++)
                if (other[i] != first[i])
                    throw new InvalidInputException(
                        $"{label.Path}: the label image has colours ({label.Channels} channels differing at {label.DescribePixel(i)}); {hint}");
        }
        return first;
    }

    sealed class AsIsMapping : LabelMapping
    {
        public override float[] Apply(SourceImage label)
        {
            ReadOnlySpan<float> values = Gray(label, "give --colour-table FILE to map colours to labels");
            for (int i = 0; i < values.Length; i++)
                if (!(values[i] >= 0 && values[i] == MathF.Floor(values[i])))
                    throw new InvalidInputException(
                        $"{label.Path}: label value {values[i].ToString(CultureInfo.InvariantCulture)} at {label.DescribePixel(i)} is not a whole number >= 0");
            return values.ToArray();
        }
    }

    sealed class ThresholdMapping(double threshold) : LabelMapping
    {
        public override LabelSet ImpliedLabels { get; } = LabelSet.Create([new(0, LabelSet.BackgroundName), new(1, "foreground")], "threshold");

        public override float[] Apply(SourceImage label)
        {
            ReadOnlySpan<float> values = Gray(label, "a threshold needs a gray label image; give --colour-table FILE for colours");
            var result = new float[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (float.IsNaN(values[i]))
                    throw new InvalidInputException($"{label.Path}: label value NaN at {label.DescribePixel(i)}");
                result[i] = values[i] >= threshold ? 1 : 0;
            }
            return result;
        }
    }

    sealed class ColourMapping(ColourTable table) : LabelMapping
    {
        public override LabelSet ImpliedLabels => table.Labels;

        public override float[] Apply(SourceImage label)
        {
            if (label.SampleType is SourceSampleType.Float32 or SourceSampleType.Int8 or SourceSampleType.Int16 or SourceSampleType.Int32 or SourceSampleType.UInt32)
                throw new InvalidInputException($"{label.Path}: a colour table needs 8- or 16-bit unsigned label images, this one is {label.SampleType}");
            int n = label.VoxelsPerChannel;
            var result = new float[n];
            ReadOnlySpan<float> red = label.Channel(0);
            ReadOnlySpan<float> green = label.Channel(label.Channels > 1 ? 1 : 0), blue = label.Channel(label.Channels > 1 ? 2 : 0);
            for (int i = 0; i < n; i++)
            {
                int r = (int)red[i], g = (int)green[i], b = (int)blue[i];
                result[i] = table.LabelOf(r, g, b)
                    ?? throw new InvalidInputException($"{label.Path}: colour ({r}, {g}, {b}) at {label.DescribePixel(i)} is not in the colour table {table.Source}");
            }
            return result;
        }
    }
}
