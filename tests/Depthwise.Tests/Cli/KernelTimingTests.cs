using Depthwise.Cli.Benchmarking;
using Depthwise.Diagnostics;

namespace Depthwise.Tests.Cli;

/// <summary>
/// A timed kernel rated against a roof after the timing (so that <c>bench --rounds</c> can keep each layer's fastest
/// round and rate it against the best roof probed), and the choice of the faster of two rounds.
/// </summary>
public sealed class KernelTimingTests
{
    private static readonly MachineRoof Roof = MachineRoofTests.Roof;

    private static KernelTiming Timing(double medianMilliseconds, long flops, long bytes, double inImage = 1) =>
        new(LatencyStatistics.FromSamples([medianMilliseconds]), flops, bytes, Copies: 1, inImage);

    [Fact]
    public void AMemoryBoundKernelIsRatedAgainstItsLevelsBandwidth()
    {
        // 4 MB moved (L3: 90 GB/s) in 50 µs = 80 GB/s: 8/9 of the roof.
        var timing = Timing(0.05, 4_500_000, 4_000_000);

        var rating = timing.Rate(Roof);

        Assert.Equal("L3 bandwidth", rating.Roof);
        Assert.Equal(80, timing.Gigabytes, 9);
        Assert.Equal(80.0 / 90, rating.Fraction, 9);
        Assert.Equal(90.0 * 4_500_000 / 4_000_000, rating.RoofGigaflops, 9);
    }

    [Fact]
    public void AnFmaBoundKernelCountsOnlyInImageTapsInItsSecondFraction()
    {
        // 10 MFLOP over 100 kB (L2) in 100 µs = 100 GFLOP/s of a 200 GFLOP/s FMA roof; 80 % of its taps in the image.
        var timing = Timing(0.1, 10_000_000, 100_000, inImage: 0.8);

        var rating = timing.Rate(Roof);

        Assert.Equal("FMA", rating.Roof);
        Assert.Equal(0.5, rating.Fraction, 9);
        Assert.Equal(0.4, rating.FractionInImage, 9);
    }

    [Fact]
    public void ATimingBeyondTheCachesIsRatedAgainstTheDramProbedAlongsideIt()
    {
        // 28.9 MB rotated through three copies (DRAM) in 1 ms = 28.9 GB/s: against the round's 40 GB/s 72 %, against the
        // 32 GB/s probed around the timing 90 %.
        const long Bytes = 28_901_376;
        var latency = LatencyStatistics.FromSamples([1.0]);
        var alone = new KernelTiming(latency, 65_000_000, Bytes, Copies: 3, InImageTaps: 1);
        var paired = alone with { DramGigabytes = 32 };

        Assert.Equal(28.901376 / 40, alone.Rate(Roof).Fraction, 9);
        Assert.Equal("Dram bandwidth", paired.Rate(Roof).Roof);
        Assert.Equal(28.901376 / 32, paired.Rate(Roof).Fraction, 9);
    }

    [Fact]
    public void TheFasterRoundByMedianIsKept()
    {
        var slow = Timing(0.2, 1000, 2000);
        var fast = Timing(0.1, 1000, 2000);

        Assert.Same(fast, KernelTiming.Faster(slow, fast));
        Assert.Same(fast, KernelTiming.Faster(fast, slow));
        Assert.Same(slow, KernelTiming.Faster(null, slow));
    }
}
