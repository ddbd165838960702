using System.Globalization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Typed access to <see cref="ConversionRequest.Options"/> (a converter's own options, by name without dashes):
/// numbers in invariant culture, lists separated by commas, and one clear line naming the option when a value is wrong.
/// </summary>
public sealed class ConverterOptionValues(IReadOnlyDictionary<string, string[]> values)
{
    /// <summary>Whether the option was given (for a flag: whether it is set).</summary>
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>The option's single value, or null when it was not given.</summary>
    public string? Text(string name) => values.TryGetValue(name, out string[]? v) && v.Length > 0 ? v[0] : null;

    /// <summary>The option's values as numbers (each finite; positive when <paramref name="positive"/>), or null.</summary>
    public double[]? Numbers(string name, bool positive = false)
    {
        if (!values.TryGetValue(name, out string[]? texts)) return null;
        return texts.Select(t =>
        {
            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                throw new InvalidInputException($"--{name}: '{t}' is not a number");
            if (positive && v <= 0) throw new InvalidInputException($"--{name}: {t} must be greater than 0");
            return v;
        }).ToArray();
    }

    /// <summary>The option's single value as a number, or null.</summary>
    public double? Number(string name) => Numbers(name)?.FirstOrDefault();

    /// <summary>The option's single value split at commas (e.g. "--modality Red,Green,Blue"), or null.</summary>
    public IReadOnlyList<string>? List(string name) =>
        Text(name)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
