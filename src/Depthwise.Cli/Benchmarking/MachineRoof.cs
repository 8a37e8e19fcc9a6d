using Depthwise.Diagnostics;

namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// The roofs measured on this machine at one thread count: FMA peak and triad and copy bandwidth per memory level, plus
/// the cache capacities that decide which level a working set lives in.
/// </summary>
/// <remarks>
/// A level's bandwidth is taken as the bytes it transfers per second, counting the read for ownership that precedes
/// every written line: the triad (two streams read, one written) moves 4/3 of the bytes it counts and the copy (one
/// read, one written) 3/2, and on this hierarchy the two probes agree on that rate within a few per cent at L2 and L3
/// (session 14's quiet pass: 229 and 230 GB/s at L2, 124 and 123 GB/s at L3) although their counted rates differ by
/// 12 %. The faster of the two is the level's rate; a layer's roof is that rate scaled to the layer's own mix of reads
/// and writes, so a stride-1 layer (as many bytes written as read) is held to the copy and a stride-2 layer (four read
/// per one written) to more than the triad. Rating every layer against the triad instead credited stride 1 with the
/// triad's read-heavy mix it cannot have, and stride 2 with less than its mix allows.
/// Beyond the caches a roof must also bound kernels that stream their output with non-temporal stores (no read for
/// ownership), so DRAM's roof is the faster of that rate and a copy with non-temporal stores.
/// </remarks>
internal sealed record MachineRoof(
    int Threads, double FmaGigaflops, IReadOnlyDictionary<MemoryLevel, double> TriadGigabytes, IReadOnlyDictionary<MemoryLevel, double> CopyGigabytes,
    double StreamingCopyDramGigabytes, IReadOnlyDictionary<MemoryLevel, long> Capacity)
{
    // Each roof is the best of several short probes: a roof is what the machine can do, and anything else running
    // only lowers a probe's reading (one 0.2 s probe under load 10 read 55–125 GFLOP/s on a 222 GFLOP/s core, and the
    // fractions of that roof reached 216 %).
    private const int Attempts = 5;

    public static MachineRoof Measure(int threads)
    {
        var duration = TimeSpan.FromSeconds(0.1);
        var fma = RoofProbe.FmaGigaflops(threads, duration, Attempts);
        var triad = Bandwidth(BandwidthKind.Triad, threads, duration);
        var copy = Bandwidth(BandwidthKind.Copy, threads, duration);
        var dramBytes = RoofProbe.LevelSizes.Single(level => level.Level == MemoryLevel.Dram).Bytes;
        var streaming = RoofProbe.BandwidthGigabytes(BandwidthKind.StreamingCopy, dramBytes, threads, duration, Attempts);
        return new MachineRoof(threads, fma, triad, copy, streaming, CacheCapacities.Bytes);
    }

    /// <summary>
    /// The roof that binds a kernel with <paramref name="traffic"/> for <paramref name="flops"/>: FMA, or the bandwidth
    /// of the level its working set fits in — all <paramref name="copies"/> of it when the timed calls rotate through
    /// that many copies of their data.
    /// </summary>
    public (string Name, double Gigaflops) Binding(long flops, Traffic traffic, int copies = 1)
    {
        var level = LevelFor(traffic.Total * copies);
        var memoryRoof = LevelGigabytes(level, traffic) * flops / Math.Max(traffic.Total, 1);
        return memoryRoof < FmaGigaflops ? ($"{level} bandwidth", memoryRoof) : ("FMA", FmaGigaflops);
    }

    /// <summary>
    /// How many copies of a working set of <paramref name="bytes"/> the timed calls of a layer meant to run beyond the
    /// last-level cache rotate through: together they span at least twice the L3, so by the time a copy comes round
    /// again the cache has been refilled twice over with the others.
    /// </summary>
    public int CopiesBeyondLastLevel(long bytes) => (int)Math.Max(2, ((2 * Capacity[MemoryLevel.L3]) + bytes - 1) / Math.Max(bytes, 1));

    /// <summary>
    /// Bytes <paramref name="level"/> transfers per second counting each written line's read for ownership: the faster
    /// of the triad and the copy, each scaled from the bytes it counts to the bytes it moves.
    /// </summary>
    public double MovedGigabytes(MemoryLevel level) => Math.Max(TriadGigabytes[level] * 4 / 3, CopyGigabytes[level] * 3 / 2);

    /// <summary>
    /// The rate, in bytes read plus written per second, that a layer with <paramref name="traffic"/> living in
    /// <paramref name="level"/> is rated against (see the remarks).
    /// </summary>
    public double LevelGigabytes(MemoryLevel level, Traffic traffic)
    {
        var cached = MovedGigabytes(level) * traffic.Total / Math.Max(traffic.MovedWithCachedStores, 1);
        return level == MemoryLevel.Dram ? Math.Max(cached, StreamingCopyDramGigabytes) : cached;
    }

    private static Dictionary<MemoryLevel, double> Bandwidth(BandwidthKind kind, int threads, TimeSpan duration) =>
        RoofProbe.LevelSizes.ToDictionary(level => level.Level, level => RoofProbe.BandwidthGigabytes(kind, level.Bytes, threads, duration, Attempts));

    public MemoryLevel LevelFor(long bytes)
    {
        foreach (var level in new[] { MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3 })
        {
            if (bytes <= Capacity[level])
            {
                return level;
            }
        }

        return MemoryLevel.Dram;
    }
}
