using Depthwise.Cli.Benchmarking;
using Depthwise.Diagnostics;

namespace Depthwise.Tests.Cli;

/// <summary>
/// Which roof the bench rates a layer against: the bandwidth curve at its working set's size while that fits the caches,
/// DRAM's fastest probe beyond them (for the batch-8 layer timed beyond the last-level cache, the size of all the copies
/// its calls rotate through).
/// </summary>
public sealed class MachineRoofTests
{
    // A machine of round numbers, shared with KernelTimingTests.
    internal static readonly MachineRoof Roof = new(
        Threads: 1,
        FmaGigaflops: 200,
        TriadGigabytes: new Dictionary<MemoryLevel, double> { [MemoryLevel.L1] = 240, [MemoryLevel.L2] = 180, [MemoryLevel.L3] = 90, [MemoryLevel.Dram] = 30 },
        CopyGigabytes: new Dictionary<MemoryLevel, double> { [MemoryLevel.L1] = 200, [MemoryLevel.L2] = 150, [MemoryLevel.L3] = 80, [MemoryLevel.Dram] = 30 },
        StreamingCopyDramGigabytes: 40,
        Curve: new BandwidthCurve(
        [
            new(32 << 10, CopyGigabytes: 200, TriadGigabytes: 240),
            new(512 << 10, 150, 180),
            new(1 << 20, 120, 130),
            new(2 << 20, 80, 90),
            new(32 << 20, 80, 90),
        ]),
        Capacity: new Dictionary<MemoryLevel, long> { [MemoryLevel.L1] = 48 << 10, [MemoryLevel.L2] = 1 << 20, [MemoryLevel.L3] = 32 << 20 });

    [Theory]
    [InlineData(40 << 10, MemoryLevel.L1)]
    [InlineData(1 << 20, MemoryLevel.L2)]
    [InlineData((1 << 20) + 1, MemoryLevel.L3)]
    [InlineData(28_901_376, MemoryLevel.L3)]
    [InlineData((32 << 20) + 1, MemoryLevel.Dram)]
    public void AWorkingSetLivesInTheFirstLevelThatHoldsIt(long bytes, MemoryLevel expected) => Assert.Equal(expected, Roof.LevelFor(bytes));

    [Theory]
    [InlineData(80 << 10, MemoryLevel.L1)]
    [InlineData(2 << 20, MemoryLevel.L2)]
    [InlineData((2 << 20) + 1, MemoryLevel.L3)]
    [InlineData((32 << 20) + 1, MemoryLevel.Dram)]
    public void TwoThreadsHoldTwiceThePrivateCachesAndOneLastLevel(long bytes, MemoryLevel expected) =>
        Assert.Equal(expected, (Roof with { Threads = 2 }).LevelFor(bytes));

    [Fact]
    public void ACachedWorkingSetIsRatedAgainstTheCurveAtItsSize()
    {
        // 1 MiB: an L2 working set by capacity, but rated at the curve's 130 GB/s there, not the L2 probes' 180.
        const long Flops = 1_000_000;
        const long Bytes = 1 << 20;
        var (name, gigaflops) = Roof.Binding(Flops, Bytes);
        Assert.Equal("L2 bandwidth", name);
        Assert.Equal(130.0 * Flops / Bytes, gigaflops, 9);
    }

    [Fact]
    public void CopiesBeyondTheLastLevelSpanAtLeastTwiceIt()
    {
        // Batch 8 of 144×56² in and out: 28.9 MB, inside the 32 MiB L3 on its own.
        const long Batch8 = 28_901_376;
        var copies = Roof.CopiesBeyondLastLevel(Batch8);
        Assert.Equal(3, copies);
        Assert.True(copies * Batch8 >= 2L * (32 << 20));
        Assert.Equal(2, Roof.CopiesBeyondLastLevel(100L << 20));
        Assert.Equal(64, Roof.CopiesBeyondLastLevel(1 << 20));
    }

    [Fact]
    public void RotatedCopiesAreRatedAgainstDramBandwidth()
    {
        // 20 MFLOP over 28.9 MB: alone it is an L3 working set (90 GB/s), rotated through three copies a DRAM one (the
        // non-temporal copy's 40 GB/s, faster than the triad's and the copy's 30).
        const long Flops = 20_000_000;
        const long Bytes = 28_901_376;
        var (alone, aloneGigaflops) = Roof.Binding(Flops, Bytes);
        var (rotated, rotatedGigaflops) = Roof.Binding(Flops, Bytes, Roof.CopiesBeyondLastLevel(Bytes));
        Assert.Equal("L3 bandwidth", alone);
        Assert.Equal("Dram bandwidth", rotated);
        Assert.Equal(90.0 * Flops / Bytes, aloneGigaflops, 9);
        Assert.Equal(40.0 * Flops / Bytes, rotatedGigaflops, 9);
    }

    [Fact]
    public void DramProbedAlongsideATimingReplacesOnlyDramsRoof()
    {
        const long Flops = 20_000_000;
        const long Bytes = 28_901_376;
        Assert.Equal(25.0 * Flops / Bytes, Roof.Binding(Flops, Bytes, copies: 3, dramGigabytes: 25).Gigaflops, 9);
        Assert.Equal(90.0 * Flops / Bytes, Roof.Binding(Flops, Bytes, copies: 1, dramGigabytes: 25).Gigaflops, 9);
    }

    [Fact]
    public void ACacheLevelIsRatedAgainstTheFasterOfItsTriadAndCopy()
    {
        Assert.Equal(180, Roof.LevelGigabytes(MemoryLevel.L2));
        var fasterCopy = Roof with { CopyGigabytes = new Dictionary<MemoryLevel, double>(Roof.CopyGigabytes) { [MemoryLevel.L2] = 190 } };
        Assert.Equal(190, fasterCopy.LevelGigabytes(MemoryLevel.L2));

        // The caches ignore the streaming copy: it says nothing about data that stays in them.
        Assert.Equal(90, (Roof with { StreamingCopyDramGigabytes = 1000 }).LevelGigabytes(MemoryLevel.L3));
    }

    [Fact]
    public void DramIsRatedAgainstTheFastestOfTheTriadTheCopyAndTheStreamingCopy()
    {
        Assert.Equal(40, Roof.LevelGigabytes(MemoryLevel.Dram));
        Assert.Equal(30, (Roof with { StreamingCopyDramGigabytes = 25 }).LevelGigabytes(MemoryLevel.Dram));
    }

    [Fact]
    public void TheBestOfTwoProbesKeepsTheHigherReadingOfEachRoof()
    {
        var other = Roof with
        {
            FmaGigaflops = 150,
            TriadGigabytes = new Dictionary<MemoryLevel, double> { [MemoryLevel.L1] = 260, [MemoryLevel.L2] = 170, [MemoryLevel.L3] = 95, [MemoryLevel.Dram] = 20 },
            CopyGigabytes = new Dictionary<MemoryLevel, double> { [MemoryLevel.L1] = 190, [MemoryLevel.L2] = 160, [MemoryLevel.L3] = 70, [MemoryLevel.Dram] = 31 },
            StreamingCopyDramGigabytes = 45,
        };

        var best = Roof.Best(other);

        Assert.Equal(200, best.FmaGigaflops);
        Assert.Equal([260.0, 180, 95, 30], [.. new[] { MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3, MemoryLevel.Dram }.Select(level => best.TriadGigabytes[level])]);
        Assert.Equal([200.0, 160, 80, 31], [.. new[] { MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3, MemoryLevel.Dram }.Select(level => best.CopyGigabytes[level])]);
        Assert.Equal(45, best.StreamingCopyDramGigabytes);
        Assert.Equal(Roof.Curve.Points, best.Curve.Points);
        Assert.Equal(Roof.Capacity, best.Capacity);
    }

    [Fact]
    public void OnlyTheBatchEightLayerIsTimedBeyondTheLastLevel()
    {
        var beyond = BenchSuites.Get("all").Where(layer => layer.BeyondLastLevelCache).ToList();
        var layer = Assert.Single(beyond);
        Assert.Equal((8, 144, 56), (layer.Batch, layer.Channels, layer.Height));
    }
}
