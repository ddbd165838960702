using NnUNet.Abstractions;
using NnUNet.Host.Demo;

namespace NnUNet.Tests.Host.Demo;

/// <summary>The demo prints commands with <see cref="ShellWords.Join"/> and reads find_best_configuration's back with <see cref="ShellWords.Split"/>.</summary>
public class ShellWordsTests
{
    public static TheoryData<string[]> Lines => new()
    {
        { new[] { "nnunet", "predict", "-i", "/data/in", "-o", "out" } },
        { new[] { "", "a b", "tab\there", "it's", "'", "\"quoted\"", "$HOME", "`cmd`", "back\\slash", "semi;colon", "glob*?", "#hash", "~" } },
        { new[] { "Ünïcödé path/with spaces", "ends with \\", "multi\nline" } },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void SplitOfJoinGivesTheWordsBack(string[] words) => Assert.Equal(words, ShellWords.Split(ShellWords.Join(words)));

    [Theory]
    [InlineData("plain")]
    [InlineData("/tmp/demo-full/nnUNet_raw_data_base")]
    [InlineData("-m")]
    [InlineData("1=organ,2=lesion")]
    public void SafeWordsArePrintedUnquoted(string word) => Assert.Equal(word, ShellWords.Quote(word));

    [Theory]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    public void OtherWordsAreSingleQuoted(string word, string quoted) => Assert.Equal(quoted, ShellWords.Quote(word));

    [Fact]
    public void SplitReadsQuotesAndEscapesAsAShellDoes()
    {
        Assert.Equal(["nnunet", "a b", "c\"d", "e f", "g$h", "x'y"], ShellWords.Split("  nnunet 'a b' \"c\\\"d\" e\\ f \"g\\$h\"\tx\"'\"y  "));
        Assert.Equal(["ab cd"], ShellWords.Split("a'b c'd"));
        Assert.Empty(ShellWords.Split(" \t "));
    }

    [Theory]
    [InlineData("nnunet predict -i 'open")]
    [InlineData("nnunet \"open")]
    public void UnterminatedQuoteIsAnErrorNamingTheLine(string line)
    {
        var error = Assert.Throws<InvalidInputException>(() => ShellWords.Split(line));
        Assert.Contains(line, error.Message);
    }
}
