using Depthwise.Cli.Benchmarking;
using Depthwise.Diagnostics;

namespace Depthwise.Tests.Cli;

/// <summary>
/// Which roof the bench rates a layer against: the level its working set lives in (for the batch-8 layer timed beyond
/// the last-level cache, the level of all the copies its calls rotate through), at the rate that level moves bytes
/// scaled to the layer's own mix of reads and writes.
/// </summary>
public sealed class MachineRoofTests
{
    private static readonly MachineRoof Roof = new(
        Threads: 1,
        FmaGigaflops: 200,
        TriadGigabytes: new Dictionary<MemoryLevel, double> { [MemoryLevel.L1] = 240, [MemoryLevel.L2] = 180, [MemoryLevel.L3] = 90, [MemoryLevel.Dram] = 30 },
        CopyGigabytes: new Dictionary<MemoryLevel, double> { [MemoryLevel.L1] = 200, [MemoryLevel.L2] = 150, [MemoryLevel.L3] = 80, [MemoryLevel.Dram] = 30 },
        StreamingCopyDramGigabytes: 40,
        Capacity: new Dictionary<MemoryLevel, long> { [MemoryLevel.L1] = 48 << 10, [MemoryLevel.L2] = 1 << 20, [MemoryLevel.L3] = 32 << 20 });

    [Theory]
    [InlineData(40 << 10, MemoryLevel.L1)]
    [InlineData(1 << 20, MemoryLevel.L2)]
    [InlineData((1 << 20) + 1, MemoryLevel.L3)]
    [InlineData(28_901_376, MemoryLevel.L3)]
    [InlineData((32 << 20) + 1, MemoryLevel.Dram)]
    public void AWorkingSetLivesInTheFirstLevelThatHoldsIt(long bytes, MemoryLevel expected) => Assert.Equal(expected, Roof.LevelFor(bytes));

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
        // 20 MFLOP over 28.9 MB, as much written as read: alone it is an L3 working set (the copy-shaped L3 rate, 120 GB/s
        // moved = 80 GB/s counted), rotated through three copies a DRAM one (the non-temporal copy's 40 GB/s, faster than
        // the 30 GB/s a cached copy-shaped layer gets).
        const long Flops = 20_000_000;
        var traffic = new Traffic(14_450_688, 14_450_688);
        var (alone, aloneGigaflops) = Roof.Binding(Flops, traffic);
        var (rotated, rotatedGigaflops) = Roof.Binding(Flops, traffic, Roof.CopiesBeyondLastLevel(traffic.Total));
        Assert.Equal("L3 bandwidth", alone);
        Assert.Equal("Dram bandwidth", rotated);
        Assert.Equal(80.0 * Flops / traffic.Total, aloneGigaflops, 9);
        Assert.Equal(40.0 * Flops / traffic.Total, rotatedGigaflops, 9);
    }

    [Fact]
    public void ALevelMovesTheFasterOfTheTriadAndTheCopyCountingReadsForOwnership()
    {
        // L2: the triad's 180 counted GB/s move 240 (4/3), the copy's 150 move 225 (3/2); L3: 120 either way.
        Assert.Equal(240, Roof.MovedGigabytes(MemoryLevel.L2), 9);
        Assert.Equal(120, Roof.MovedGigabytes(MemoryLevel.L3), 9);
        Assert.Equal(320, (Roof with { CopyGigabytes = new Dictionary<MemoryLevel, double>(Roof.CopyGigabytes) { [MemoryLevel.L1] = 320 * 2 / 3.0 } }).MovedGigabytes(MemoryLevel.L1), 9);
    }

    [Theory]
    [InlineData(1, 1, 160.0)] // stride 1: as many bytes written as read, held to a copy's counted rate
    [InlineData(2, 1, 180.0)] // the triad's own mix gets the triad back
    [InlineData(4, 1, 200.0)] // stride 2: four read per one written, more than the triad
    [InlineData(1, 0, 240.0)] // nothing written: every byte moved is counted
    public void ALayersRoofIsItsLevelsRateScaledToItsReadsAndWrites(long read, long written, double expected)
    {
        var traffic = new Traffic(read * 1000, written * 1000);
        Assert.Equal(expected, Roof.LevelGigabytes(MemoryLevel.L2, traffic), 9);
    }

    [Fact]
    public void DramIsRatedAgainstTheFasterOfTheCachedRateAndTheStreamingCopy()
    {
        var copyShaped = new Traffic(1000, 1000);
        Assert.Equal(40, Roof.LevelGigabytes(MemoryLevel.Dram, copyShaped), 9);
        Assert.Equal(30, (Roof with { StreamingCopyDramGigabytes = 25 }).LevelGigabytes(MemoryLevel.Dram, copyShaped), 9);

        // The caches ignore the streaming copy: it says nothing about data that stays in them.
        Assert.Equal(80, (Roof with { StreamingCopyDramGigabytes = 1000 }).LevelGigabytes(MemoryLevel.L3, copyShaped), 9);
    }

    [Fact]
    public void OnlyTheBatchEightLayerIsTimedBeyondTheLastLevel()
    {
        var beyond = BenchSuites.Get("all").Where(layer => layer.BeyondLastLevelCache).ToList();
        var layer = Assert.Single(beyond);
        Assert.Equal((8, 144, 56), (layer.Batch, layer.Channels, layer.Height));
    }
}
