namespace NnUNet.Core.Training;

/// <summary>
/// Orders case ids by Unicode code point, as numpy sorts strings (<c>np.sort</c>): uppercase before "_"
/// before lowercase, "case_10" before "case_9", no culture rules. Differs from
/// <see cref="StringComparer.Ordinal"/> (UTF-16 code units) only for characters beyond U+FFFF.
/// </summary>
public sealed class CaseIdOrder : IComparer<string>
{
    public static CaseIdOrder Instance { get; } = new();

    CaseIdOrder() { }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int common = Math.Min(x.Length, y.Length);
        for (int i = 0; i < common; i++)
        {
            if (x[i] != y[i]) return CodePointRank(x[i]) - CodePointRank(y[i]);
        }
        return x.Length - y.Length;
    }

    // Surrogates (U+D800..U+DFFF, only found in pairs encoding code points above U+FFFF) must sort after
    // U+E000..U+FFFF: shift both ranges so that code-unit order becomes code-point order.
    static int CodePointRank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
