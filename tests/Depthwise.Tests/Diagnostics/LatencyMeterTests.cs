using Depthwise.Diagnostics;

namespace Depthwise.Tests.Diagnostics;

public class LatencyMeterTests
{
    [Fact]
    public void MeasuresAtLeastTheRequestedSamplesInOrder()
    {
        var calls = 0L;
        var values = new float[256];
        var statistics = LatencyMeter.Measure(
            () =>
            {
                calls++;
                values.AsSpan().Fill(calls);
            },
            TimeSpan.FromSeconds(0.3),
            TimeSpan.Zero,
            minimumSamples: 200);

        Assert.True(statistics.Samples >= 200, $"{statistics.Samples} samples");
        Assert.True(calls > statistics.Samples, "the warm-up must call the action too");
        Assert.True(statistics.Min >= 0);
        Assert.True(statistics.Min <= statistics.Median && statistics.Median <= statistics.P95 && statistics.P95 <= statistics.P99 && statistics.P99 <= statistics.Max, statistics.ToString());
        Assert.InRange(statistics.Mean, statistics.Min, statistics.Max);
    }

    [Fact]
    public void EachSampleIsOneCall()
    {
        // Thread.Sleep(1) sleeps at least a millisecond, so no sample can be much shorter unless calls were batched or lost.
        var statistics = LatencyMeter.Measure(() => Thread.Sleep(1), measureTime: TimeSpan.FromMilliseconds(50), minimumSamples: 3);
        Assert.True(statistics.Samples >= 3);
        Assert.True(statistics.Min >= 0.5, statistics.ToString());
    }

    [Theory]
    [InlineData(0.29, null, 30, "warmup", "0.29")]
    [InlineData(0.0, null, 30, "warmup", "0")]
    [InlineData(0.3, -1.0, 30, "measureTime", "-1")]
    [InlineData(0.3, 0.0, 0, "minimumSamples", "0")]
    [InlineData(0.3, 0.0, -5, "minimumSamples", "-5")]
    [InlineData(0.3, 0.0, 2_000_000, "minimumSamples", "2000000")]
    public void RejectsArgumentsOutOfRangeBeforeRunning(double warmupSeconds, double? measureSeconds, int minimumSamples, string parameter, string value)
    {
        var ran = false;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LatencyMeter.Measure(
            () => ran = true,
            TimeSpan.FromSeconds(warmupSeconds),
            measureSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            minimumSamples));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(value, error.Message);
        Assert.False(ran);
    }
}
