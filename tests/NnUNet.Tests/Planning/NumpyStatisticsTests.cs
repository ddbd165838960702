using NnUNet.Core.Planning;

namespace NnUNet.Tests.Planning;

public sealed class NumpyStatisticsTests
{
    [Theory]
    // [1, 2, 3, 4], q = 50: v = 3 * 0.5 = 1.5, a = 2, b = 3, g = 0.5 -> b - (b - a) * 0.5 = 2.5
    [InlineData(new double[] { 4, 1, 3, 2 }, 50, 2.5)]
    // [1..5], q = 10: v = 4 * 0.1 = 0.4, a = 1, b = 2 -> 1 + 1 * 0.4 = 1.4
    [InlineData(new double[] { 5, 4, 3, 2, 1 }, 10, 1.4)]
    // [10, 20, 30], q = 50: v = 1 exactly -> x[1]
    [InlineData(new double[] { 30, 10, 20 }, 50, 20)]
    // one value: every percentile is that value
    [InlineData(new double[] { 7 }, 10, 7)]
    // [0, 10], q = 75: v = 0.75, g >= 0.5 -> b - (b - a) * 0.25 = 7.5
    [InlineData(new double[] { 0, 10 }, 75, 7.5)]
    public void PercentileInterpolatesLinearlyBetweenSortedNeighbours(double[] values, double q, double expected) =>
        Assert.Equal(expected, NumpyStatistics.Percentile(values, q), 15);

    [Fact]
    public void PercentileInterpolatesFromTheNearerNeighbour()
    {
        // numpy computes b - (b - a)(1 - g) when g >= 0.5; with a = 0.1, b = 0.7, g = 0.5 (median of two values)
        // that is 0.39999999999999997 in float64, whereas a + (b - a) g gives 0.4: the last bit differs.
        Assert.Equal(0.7 - (0.7 - 0.1) * 0.5, NumpyStatistics.Percentile([0.1, 0.7], 50));
        Assert.NotEqual(0.1 + (0.7 - 0.1) * 0.5, NumpyStatistics.Percentile([0.1, 0.7], 50));
    }

    [Fact]
    public void MedianIsTheMiddleElementOrTheMeanOfTheTwoMiddleOnes()
    {
        Assert.Equal(3, NumpyStatistics.Median([5, 1, 3]));
        Assert.Equal(2.5, NumpyStatistics.Median([4, 1, 3, 2]));
        Assert.Equal(0.75, NumpyStatistics.Median([1.0, 0.6, 0.7, 0.8, 0.5, 0.9]));
    }

    [Theory]
    [InlineData(2.5, 2)]
    [InlineData(3.5, 4)]
    [InlineData(40.5, 40)]
    [InlineData(121.5, 122)]
    [InlineData(2.5000000001, 3)]
    [InlineData(-0.5, 0)]
    public void RoundingIsHalfToEven(double value, int expected) =>
        Assert.Equal(expected, NumpyStatistics.RoundHalfEven(value));

    [Fact]
    public void ArgsortLastPicksTheLastOfTiedMaxima()
    {
        Assert.Equal(2, NumpyStatistics.ArgsortLast([1.0, 1.0, 1.0]));
        Assert.Equal(1, NumpyStatistics.ArgsortLast([1.0, 1.2, 1.1]));
        Assert.Equal(2, NumpyStatistics.ArgsortLast([1.2, 1.0, 1.2]));
        Assert.Equal(0, NumpyStatistics.ArgsortLast([double.NaN, 5, 1]));
        // argmax takes the first of tied maxima
        Assert.Equal(0, NumpyStatistics.ArgmaxFirst([1.2, 1.0, 1.2]));
    }
}
