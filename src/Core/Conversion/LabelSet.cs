using System.Globalization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// The labels a dataset declares: value -> name, 0 = background, consecutive from 0 (nnU-Net's requirement,
/// spec §1). A label file holding any other value is refused with the file, the pixel and the value.
/// </summary>
public sealed class LabelSet
{
    public const string BackgroundName = "background";

    LabelSet(SortedDictionary<int, string> names) => Names = names;

    /// <summary>Value -> name, sorted by value; what dataset.json's "labels" lists.</summary>
    public IReadOnlyDictionary<int, string> Names { get; }

    /// <summary>Builds and checks a set: non-empty names, values 0..n without gaps. <paramref name="source"/> names where they came from.</summary>
    public static LabelSet Create(IEnumerable<KeyValuePair<int, string>> labels, string source)
    {
        var names = new SortedDictionary<int, string>();
        foreach (var (value, name) in labels)
        {
            if (value < 0) throw new InvalidInputException($"{source}: label value {value} is negative");
            if (string.IsNullOrWhiteSpace(name)) throw new InvalidInputException($"{source}: label {value} has no name");
            if (!names.TryAdd(value, name.Trim())) throw new InvalidInputException($"{source}: label {value} is given twice");
        }
        if (names.Count == 0) throw new InvalidInputException($"{source}: no labels");
        if (names.Keys.Last() != names.Count - 1)
            throw new InvalidInputException(
                $"{source}: labels {string.Join(", ", names.Keys)} are not 0, 1, 2, ... without gaps, as nnU-Net needs (0 = background)");
        return new LabelSet(names);
    }

    /// <summary>Parses "0=background,1=street" (the --labels option).</summary>
    public static LabelSet Parse(string text, string source)
    {
        var labels = new List<KeyValuePair<int, string>>();
        foreach (string entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = entry.IndexOf('=');
            if (equals <= 0 || !int.TryParse(entry[..equals].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
                throw new InvalidInputException($"{source}: '{entry}' is not VALUE=NAME (e.g. 0=background,1=street)");
            labels.Add(new(value, entry[(equals + 1)..]));
        }
        return Create(labels, source);
    }

    /// <summary>Labels named after the values found (0 background, others "label N"), when none were declared.</summary>
    public static LabelSet FromValues(IEnumerable<int> values, string source) =>
        Create(values.Distinct().Order().Select(v => new KeyValuePair<int, string>(v, v == 0 ? BackgroundName : $"label {v}")), source);

    public bool Contains(float value) => value >= 0 && value == MathF.Floor(value) && value <= int.MaxValue && Names.ContainsKey((int)value);

    /// <summary>Throws naming <paramref name="label"/>'s file and the first pixel whose value is not declared.</summary>
    public void Check(ReadOnlySpan<float> values, SourceImage label)
    {
        for (int i = 0; i < values.Length; i++)
            if (!Contains(values[i]))
                throw new InvalidInputException(
                    $"{label.Path}: label value {values[i].ToString(CultureInfo.InvariantCulture)} at {label.DescribePixel(i)} is not a declared label " +
                    $"({Describe()})");
    }

    /// <summary>"0 background, 1 street".</summary>
    public string Describe() => string.Join(", ", Names.Select(n => $"{n.Key} {n.Value}"));
}
