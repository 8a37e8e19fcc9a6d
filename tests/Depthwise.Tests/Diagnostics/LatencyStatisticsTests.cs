using Depthwise.Diagnostics;

namespace Depthwise.Tests.Diagnostics;

public class LatencyStatisticsTests
{
    [Fact]
    public void OddCountMatchesHandComputedValues()
    {
        // Sorted: 1 2 3 4 10. Mean 20/5 = 4. Squared deviations 9+4+1+0+36 = 50, sample variance 50/4.
        // p50: rank 4·0.5 = 2 → 3. p95: rank 3.8 → 4 + 0.8·(10−4) = 8.8. p99: rank 3.96 → 4 + 0.96·6 = 9.76.
        var statistics = LatencyStatistics.FromSamples([4, 1, 3, 2, 10]);
        Assert.Equal(5, statistics.Samples);
        Assert.Equal(4, statistics.Mean, 12);
        Assert.Equal(Math.Sqrt(12.5), statistics.StandardDeviation, 12);
        Assert.Equal((1.0, 10.0), (statistics.Min, statistics.Max));
        Assert.Equal(3, statistics.Median, 12);
        Assert.Equal(8.8, statistics.P95, 12);
        Assert.Equal(9.76, statistics.P99, 12);
    }

    [Fact]
    public void EvenCountInterpolatesTheMedian()
    {
        // Sorted: 1 2 3 4. p50: rank 1.5 → 2.5. p95: rank 2.85 → 3.85. p99: rank 2.97 → 3.97.
        // Mean 2.5, squared deviations 2.25+0.25+0.25+2.25 = 5, sample variance 5/3.
        var statistics = LatencyStatistics.FromSamples([3, 1, 4, 2]);
        Assert.Equal(2.5, statistics.Median, 12);
        Assert.Equal(3.85, statistics.P95, 12);
        Assert.Equal(3.97, statistics.P99, 12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), statistics.StandardDeviation, 12);
    }

    [Fact]
    public void OneToAHundred()
    {
        // x[i] = i + 1. p50: rank 49.5 → 50.5; p95: rank 94.05 → 95.05; p99: rank 98.01 → 99.01.
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        var statistics = LatencyStatistics.FromSamples(samples);
        Assert.Equal(50.5, statistics.Mean, 12);
        Assert.Equal(50.5, statistics.Median, 12);
        Assert.Equal(95.05, statistics.P95, 10);
        Assert.Equal(99.01, statistics.P99, 10);
        // Sample variance of 1..n is n(n+1)/12.
        Assert.Equal(Math.Sqrt(100.0 * 101 / 12), statistics.StandardDeviation, 10);
        Assert.Equal(100.0, samples[0]);
    }

    [Fact]
    public void ASingleSampleHasNoSpread()
    {
        var statistics = LatencyStatistics.FromSamples([7]);
        Assert.Equal((7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 0.0), (statistics.Mean, statistics.Min, statistics.Max, statistics.Median, statistics.P95, statistics.P99, statistics.StandardDeviation));
    }

    [Fact]
    public void ThroughputUsesTheMedian()
    {
        // Median 2 ms: 4·10⁶ FLOP in 0.002 s = 2·10⁹ FLOP/s; 6·10⁶ bytes in 0.002 s = 3·10⁹ B/s.
        var statistics = LatencyStatistics.FromSamples([1, 2, 100]);
        Assert.Equal(2.0, statistics.GigaflopsPerSecond(4_000_000), 12);
        Assert.Equal(3.0, statistics.GigabytesPerSecond(6_000_000), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => statistics.GigaflopsPerSecond(-1));
    }

    [Theory]
    [InlineData(new double[0], "empty")]
    [InlineData(new[] { 1.0, double.NaN }, "NaN")]
    [InlineData(new[] { 1.0, -2.0 }, "-2")]
    [InlineData(new[] { double.PositiveInfinity }, "Infinity")]
    public void RejectsInvalidSamples(double[] samples, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => LatencyStatistics.FromSamples(samples));
        Assert.Equal("milliseconds", error.ParamName);
        Assert.Contains(named, error.Message);
    }
}
