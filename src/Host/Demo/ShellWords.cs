using System.Text;
using NnUNet.Abstractions;

namespace NnUNet.Host.Demo;

/// <summary>Command lines as a POSIX shell reads them: quoting a word for printing, and splitting a printed line back into words.</summary>
public static class ShellWords
{
    const string Special = "'\"$`\\;&|<>()*?#~";

    /// <summary><paramref name="word"/> as typed in a shell: unchanged when safe, else in single quotes.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && !word.Any(ch => char.IsWhiteSpace(ch) || Special.Contains(ch))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>A command line for printing: every word quoted as needed, separated by spaces.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>
    /// Splits a line into words: blanks separate, single quotes keep everything literally, double quotes and backslashes
    /// as in a shell (no variables or globs). An unterminated quote is an error naming the line.
    /// </summary>
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (char.IsWhiteSpace(ch))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            switch (ch)
            {
                case '\'':
                    int close = line.IndexOf('\'', i + 1);
                    if (close < 0) throw Unterminated(line);
                    word.Append(line, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; ; i++)
                    {
                        if (i >= line.Length) throw Unterminated(line);
                        if (line[i] == '"') break;
                        if (line[i] == '\\' && i + 1 < line.Length && "\"\\$`".Contains(line[i + 1])) i++;
                        word.Append(line[i]);
                    }
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    break;
                default:
                    word.Append(ch);
                    break;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    static InvalidInputException Unterminated(string line) => new($"unterminated quote in command line: {line}");
}
