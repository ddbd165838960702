using System.Globalization;
using NnUNet.Abstractions;

namespace NnUNet.Core.Conversion;

/// <summary>
/// Label colours of RGB label images (the --colour-table file): one line per label, <c>VALUE R G B [NAME]</c>,
/// separated by spaces or commas; <c>#</c> starts a comment. Example:
/// <code>
/// # value  r   g   b   name
/// 0        0   0   0   background
/// 1      255 255 255   road
/// </code>
/// </summary>
public sealed class ColourTable
{
    readonly Dictionary<long, int> labelOfColour;

    ColourTable(string source, Dictionary<long, int> labelOfColour, LabelSet labels)
    {
        Source = source;
        this.labelOfColour = labelOfColour;
        Labels = labels;
    }

    /// <summary>The file it came from (named in errors).</summary>
    public string Source { get; }

    /// <summary>The labels the table declares, with their names (unnamed: "label N", 0 "background").</summary>
    public LabelSet Labels { get; }

    public static ColourTable Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the colour table ({e.Message})", e);
        }
        return Parse(lines, path);
    }

    public static ColourTable Parse(IEnumerable<string> lines, string source)
    {
        var colours = new Dictionary<long, int>();
        var names = new List<KeyValuePair<int, string>>();
        int lineNumber = 0;
        foreach (string raw in lines)
        {
            lineNumber++;
            string line = raw.Split('#')[0];
            string[] parts = line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            string where = $"{source} line {lineNumber}";
            if (parts.Length < 4) throw new InvalidInputException($"{where}: expected VALUE R G B [NAME], got '{line.Trim()}'");
            int[] numbers = parts[..4].Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v <= ushort.MaxValue ? v : -1).ToArray();
            if (numbers.Any(n => n < 0)) throw new InvalidInputException($"{where}: VALUE R G B must be whole numbers from 0 to 65535, got '{string.Join(" ", parts[..4])}'");
            long key = Key(numbers[1], numbers[2], numbers[3]);
            if (!colours.TryAdd(key, numbers[0]))
                throw new InvalidInputException($"{where}: colour ({numbers[1]}, {numbers[2]}, {numbers[3]}) is listed twice");
            string name = parts.Length > 4 ? string.Join(' ', parts[4..]) : numbers[0] == 0 ? LabelSet.BackgroundName : $"label {numbers[0]}";
            // Several colours may map to one label; its first name counts.
            if (names.All(n => n.Key != numbers[0])) names.Add(new(numbers[0], name));
        }
        return new ColourTable(source, colours, LabelSet.Create(names, source));
    }

    /// <summary>The label of a colour, or null when the table does not list it.</summary>
    public int? LabelOf(int red, int green, int blue) => labelOfColour.TryGetValue(Key(red, green, blue), out int label) ? label : null;

    static long Key(int red, int green, int blue) => ((long)red << 32) | ((long)green << 16) | (long)blue;
}
