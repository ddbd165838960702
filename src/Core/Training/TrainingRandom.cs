namespace NnUNet.Core.Training;

/// <summary>
/// The random source of the training data pipeline: xoshiro256** seeded through SplitMix64. One instance per
/// worker, reseeded for every batch from (master seed, batch index), so a batch depends only on those two numbers
/// and never on which thread made it or when (the --deterministic guarantee).
/// </summary>
public sealed class TrainingRandom
{
    ulong _s0, _s1, _s2, _s3;

    public TrainingRandom(ulong seed) => Reseed(seed);

    /// <summary>The seed of batch <paramref name="batchIndex"/> of a stream with <paramref name="masterSeed"/>.</summary>
    public static ulong SeedFor(ulong masterSeed, long batchIndex) =>
        Mix(Mix(masterSeed) ^ Mix(unchecked((ulong)batchIndex + 0x632BE59BD9B4E019UL)));

    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = NextSplitMix(ref x);
        _s1 = NextSplitMix(ref x);
        _s2 = NextSplitMix(ref x);
        _s3 = NextSplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, count), unbiased.</summary>
    public int NextInt(int count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count));
        ulong bound = (ulong)count;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            ulong high = Math.BigMul(r, bound, out ulong low);
            if (low >= threshold) return (int)high;
        }
    }

    /// <summary>Uniform integer in [minInclusive, maxInclusive] (numpy's randint(lb, ub + 1)).</summary>
    public int NextInt(int minInclusive, int maxInclusive) => minInclusive + NextInt(maxInclusive - minInclusive + 1);

    /// <summary>Adds independent N(0, std^2) values to every element (Marsaglia's polar method, float precision).</summary>
    public void AddNormal(Span<float> target, double std)
    {
        float scale = (float)std;
        int i = 0;
        while (i < target.Length)
        {
            // Two 24-bit uniforms in [-1, 1) from one draw; keep the pair if it falls inside the unit disc.
            ulong r = NextUInt64();
            float u = (r >> 40) * (2f / (1 << 24)) - 1f, v = ((r >> 16) & 0xFFFFFF) * (2f / (1 << 24)) - 1f;
            float s = u * u + v * v;
            if (s >= 1f || s == 0f) continue;
            float factor = MathF.Sqrt(-2f * MathF.Log(s) / s) * scale;
            target[i++] += u * factor;
            if (i < target.Length) target[i++] += v * factor;
        }
    }

    static ulong NextSplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        return Mix(x);
    }

    static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
