namespace NnUNet.Core.Numerics;

/// <summary>
/// numpy's legacy <c>numpy.random.RandomState</c> seeded from an integer, reproduced draw for draw so that
/// everything nnU-Net v1 randomises with it (cross-validation splits, class locations, ...) comes out
/// identical. The generator is MT19937 seeded with <c>init_genrand</c> (numpy's path for an int seed; array
/// seeds, which use <c>init_by_array</c>, are not supported). Each method names the numpy call it matches.
/// Not thread-safe: like numpy's, one instance is one sequential stream.
/// </summary>
public sealed class NumpyRandomState
{
    const int StateLength = 624;
    const int Shift = 397;
    const uint MatrixA = 0x9908b0df;
    const uint UpperMask = 0x80000000;
    const uint LowerMask = 0x7fffffff;

    readonly uint[] _key = new uint[StateLength];
    int _position;
    bool _hasGauss;
    double _gauss;

    /// <summary>Matches <c>np.random.RandomState(seed)</c> for an integer seed in [0, 2^32 - 1].</summary>
    public NumpyRandomState(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "numpy accepts integer seeds in [0, 2^32 - 1].");
        uint s = (uint)seed;
        for (int i = 0; i < StateLength; i++)
        {
            _key[i] = s;
            s = 1812433253u * (s ^ (s >> 30)) + (uint)(i + 1);
        }
        _position = StateLength;
    }

    /// <summary>The 624 MT19937 state words (the <c>key</c> of numpy's <c>get_state()</c>).</summary>
    public ReadOnlySpan<uint> Key => _key;

    /// <summary>The index of the next state word to temper (the <c>pos</c> of numpy's <c>get_state()</c>).</summary>
    public int Position => _position;

    /// <summary>
    /// One raw tempered 32-bit MT19937 output; matches <c>randint(0, 2**32, dtype=np.uint32)</c>.
    /// </summary>
    public uint NextUInt32()
    {
        if (_position == StateLength) Regenerate();
        uint y = _key[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>
    /// A double in [0, 1) from two words with 53 random bits; matches <c>random_sample()</c> / <c>rand()</c>.
    /// </summary>
    public double RandomSample()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>
    /// <c>low + (high - low) * random_sample()</c>; matches <c>uniform(low, high)</c>.
    /// </summary>
    public double Uniform(double low, double high) => low + (high - low) * RandomSample();

    /// <summary>
    /// An integer in [low, high); matches <c>randint(low, high)</c> (legacy masked rejection sampling, one
    /// 32-bit word per attempt). Ranges wider than 2^32 draw 64-bit words in numpy and are not supported.
    /// </summary>
    public long RandomInteger(long low, long high)
    {
        if (high <= low) throw new ArgumentOutOfRangeException(nameof(high), high, $"high must exceed low ({low}).");
        ulong range = (ulong)(high - low) - 1;
        if (range > uint.MaxValue)
            throw new NotSupportedException("Ranges wider than 2^32 (numpy's 64-bit draw path) are not supported.");
        return low + (long)BoundedMasked((uint)range);
    }

    /// <summary>
    /// A permutation of 0..n-1; matches <c>permutation(n)</c> (<c>arange(n)</c> shuffled as by <see cref="Shuffle{T}"/>).
    /// </summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int[] values = GC.AllocateUninitializedArray<int>(n);
        for (int i = 0; i < n; i++) values[i] = i;
        Shuffle(values.AsSpan());
        return values;
    }

    /// <summary>
    /// Shuffles in place; matches <c>shuffle(x)</c> on a 1-D array: Fisher-Yates from the end, swapping
    /// x[i] with x[j] for j = a masked-rejection draw in [0, i], i = n-1 down to 1.
    /// </summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i >= 1; i--)
        {
            int j = (int)BoundedMasked((uint)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>
    /// k distinct values of 0..n-1; matches <c>choice(n, k, replace=False)</c>, which is legacy
    /// <c>permutation(n)[:k]</c> (so it consumes n - 1 draws whatever k is).
    /// </summary>
    public int[] Choice(int n, int k)
    {
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"Cannot take {k} of {n} without replacement.");
        int[] permutation = Permutation(n);
        if (k == n) return permutation;
        return permutation.AsSpan(0, k).ToArray();
    }

    /// <summary>
    /// A standard normal value; matches legacy <c>standard_normal()</c> (numpy's <c>legacy_gauss</c>): the
    /// polar Box-Muller method on x1, x2 = 2 * random_sample() - 1 (redrawn while r2 = x1^2 + x2^2 is >= 1
    /// or 0), f = sqrt(-2 ln(r2) / r2); returns f * x2 and caches f * x1 for the next call.
    /// </summary>
    public double StandardNormal()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * RandomSample() - 1.0;
            x2 = 2.0 * RandomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary><c>loc + scale * standard_normal()</c>; matches legacy <c>normal(loc, scale)</c>.</summary>
    public double Normal(double loc, double scale) => loc + scale * StandardNormal();

    // A value in [0, max] by masked rejection: numpy's random_interval and buffered_bounded_masked_uint32
    // (max < 2^32 - 1); max = 2^32 - 1 takes the raw word.
    uint BoundedMasked(uint max)
    {
        if (max == 0) return 0;
        if (max == uint.MaxValue) return NextUInt32();
        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    void Regenerate()
    {
        uint[] mt = _key;
        int k = 0;
        for (; k < StateLength - Shift; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        for (; k < StateLength - 1; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift - StateLength] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        uint last = (mt[StateLength - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateLength - 1] = mt[Shift - 1] ^ (last >> 1) ^ ((last & 1) * MatrixA);
        _position = 0;
    }
}
