using NnUNet.Core.Numerics;

namespace NnUNet.Tests.Numerics;

/// <summary>
/// Sums whose rounding depends on the order, worked out by hand from numpy's pairwise definition. Around
/// 1e16 the float64 spacing is 2, so adding 1 to 1e16 + an even number is a tie that rounds back (to even).
/// </summary>
public class NumpySumTests
{
    [Fact]
    public void ShortArraysAddInOrder() => Assert.Equal(1e16, NumpySum.Pairwise([1e16, 1, 1, 1]));

    [Fact]
    public void EightAccumulatorsUpToABlock()
    {
        // r = the first 8 values; ((1e16 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) = 1e16 + 6; then - 1e16.
        // A plain loop would give 0, the exact sum is 7.
        Assert.Equal(6.0, NumpySum.Pairwise([1e16, 1, 1, 1, 1, 1, 1, 1, -1e16]));
    }

    [Fact]
    public void LongArraysSplitAtAMultipleOfEight()
    {
        // 136 values: halves of 64 (68 rounded down to a multiple of 8) and 72. First half: lane 0 stays 1e16
        // (each +1 is a tie), lanes 1..7 hold 8 each -> 1e16 + 56; second half 72; total 1e16 + 128.
        double[] a = Enumerable.Repeat(1.0, 136).ToArray();
        a[0] = 1e16;
        Assert.Equal(1e16 + 128, NumpySum.Pairwise(a));
    }
}
