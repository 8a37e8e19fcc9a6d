using Depthwise.Diagnostics;

namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// The roofs measured on this machine at one thread count: FMA peak, triad and copy bandwidth per memory level and over
/// working sets of every size up to the last-level cache's (<see cref="BandwidthCurve"/>), plus the cache capacities that
/// decide which level a working set lives in.
/// </summary>
/// <remarks>
/// A layer whose working set fits the caches is rated against the bandwidth a stream reaches over as many bytes
/// (<see cref="BandwidthCurve.Gigabytes"/>): the faster of the triad (two streams read, one written) and the copy (one
/// read, one written) there. Timed in short slices (see <see cref="RoofProbe"/>), the two, and a stream reading four
/// arrays into one (stride 2's mix), count the same rate within a few per cent at L2 and at L3 on this Zen 5, so a size
/// has one rate whatever a layer's mix of reads and writes (docs/kernels.md, "Session 15: the roof probe in slices").
/// The per-level probes are printed beside it and rate DRAM.
/// Beyond the caches a roof must also bound kernels that stream their output with non-temporal stores (no read for
/// ownership: at equal traffic they move 4/3 of the triad's counted bytes), so DRAM's roof is the faster of those and a
/// copy with non-temporal stores.
/// </remarks>
internal sealed record MachineRoof(
    int Threads, double FmaGigaflops, IReadOnlyDictionary<MemoryLevel, double> TriadGigabytes, IReadOnlyDictionary<MemoryLevel, double> CopyGigabytes,
    double StreamingCopyDramGigabytes, BandwidthCurve Curve, IReadOnlyDictionary<MemoryLevel, long> Capacity)
{
    // Each roof is the best of several short probes: a roof is what the machine can do, and anything else running
    // only lowers a probe's reading (one 0.2 s probe under load 10 read 55–125 GFLOP/s on a 222 GFLOP/s core, and the
    // fractions of that roof reached 216 %).
    private const int Attempts = 5;

    private const int CurveAttempts = 3;

    private const int DramAttempts = 3;

    // The array size the probes use for DRAM.
    private static int DramBytes => RoofProbe.LevelSizes.Single(level => level.Level == MemoryLevel.Dram).Bytes;

    public static MachineRoof Measure(int threads)
    {
        var duration = TimeSpan.FromSeconds(0.1);
        var fma = RoofProbe.FmaGigaflops(threads, duration, Attempts);
        var triad = Bandwidth(BandwidthKind.Triad, threads, duration);
        var copy = Bandwidth(BandwidthKind.Copy, threads, duration);
        var streaming = RoofProbe.BandwidthGigabytes(BandwidthKind.StreamingCopy, DramBytes, threads, duration, Attempts);

        // Shorter and fewer probes per size than per level: the curve has 23 sizes, and its envelope (the best reading at
        // a size or any larger one) already evens out a low reading.
        var curve = BandwidthCurve.Measure(threads, CacheCapacities.LastLevelBytes, duration / 2, CurveAttempts);
        return new MachineRoof(threads, fma, triad, copy, streaming, curve, CacheCapacities.Bytes);
    }

    /// <summary>
    /// DRAM's roof alone (the fastest of its triad, copy and non-temporal copy), probed next to a layer timed beyond the
    /// caches: how much of DRAM the other tenants of a shared host leave free changes by tens of per cent within minutes
    /// (batch 8 ran 674–1295 µs in one session with its code unchanged), so the roof probed at the round's start can
    /// belong to another phase than the timing.
    /// </summary>
    public static double MeasureDram(int threads)
    {
        var duration = TimeSpan.FromSeconds(0.1);
        return new[] { BandwidthKind.Triad, BandwidthKind.Copy, BandwidthKind.StreamingCopy }
            .Max(kind => RoofProbe.BandwidthGigabytes(kind, DramBytes, threads, duration, DramAttempts));
    }

    /// <summary>
    /// The best of two probes of the same machine, roof by roof: anything else running only lowers a probe's reading,
    /// so the higher one is nearer what the machine can do.
    /// </summary>
    public MachineRoof Best(MachineRoof other) => this with
    {
        FmaGigaflops = Math.Max(FmaGigaflops, other.FmaGigaflops),
        TriadGigabytes = Higher(TriadGigabytes, other.TriadGigabytes),
        CopyGigabytes = Higher(CopyGigabytes, other.CopyGigabytes),
        StreamingCopyDramGigabytes = Math.Max(StreamingCopyDramGigabytes, other.StreamingCopyDramGigabytes),
        Curve = Curve.Best(other.Curve),
    };

    /// <summary>
    /// The roof that binds a kernel moving <paramref name="bytes"/> for <paramref name="flops"/>: FMA, or the bandwidth
    /// over its working set — all <paramref name="copies"/> of it when the timed calls rotate through that many copies
    /// of their data: the curve's within the caches, DRAM's beyond them — <paramref name="dramGigabytes"/> when DRAM was
    /// probed next to the timing (<see cref="MeasureDram"/>).
    /// </summary>
    public (string Name, double Gigaflops) Binding(long flops, long bytes, int copies = 1, double? dramGigabytes = null)
    {
        var workingSet = bytes * copies;
        var level = LevelFor(workingSet);
        var gigabytes = level == MemoryLevel.Dram ? dramGigabytes ?? LevelGigabytes(level) : Curve.Gigabytes(workingSet);
        var memoryRoof = gigabytes * flops / Math.Max(bytes, 1);
        return memoryRoof < FmaGigaflops ? ($"{level} bandwidth", memoryRoof) : ("FMA", FmaGigaflops);
    }

    /// <summary>
    /// How many copies of a working set of <paramref name="bytes"/> the timed calls of a layer meant to run beyond the
    /// last-level cache rotate through: together they span at least twice the L3, so by the time a copy comes round
    /// again the cache has been refilled twice over with the others.
    /// </summary>
    public int CopiesBeyondLastLevel(long bytes) => (int)Math.Max(2, ((2 * Capacity[MemoryLevel.L3]) + bytes - 1) / Math.Max(bytes, 1));

    /// <summary>The rate of <paramref name="level"/> (see the remarks), against which DRAM's layers are rated.</summary>
    public double LevelGigabytes(MemoryLevel level)
    {
        var cached = Math.Max(TriadGigabytes[level], CopyGigabytes[level]);
        return level == MemoryLevel.Dram ? Math.Max(cached, StreamingCopyDramGigabytes) : cached;
    }

    private static Dictionary<MemoryLevel, double> Higher(IReadOnlyDictionary<MemoryLevel, double> first, IReadOnlyDictionary<MemoryLevel, double> second) =>
        first.Keys.ToDictionary(level => level, level => Math.Max(first[level], second[level]));

    private static Dictionary<MemoryLevel, double> Bandwidth(BandwidthKind kind, int threads, TimeSpan duration) =>
        RoofProbe.LevelSizes.ToDictionary(level => level.Level, level => RoofProbe.BandwidthGigabytes(kind, level.Bytes, threads, duration, Attempts));

    /// <summary>
    /// The first level that holds <paramref name="bytes"/>: each thread has its own L1 and L2 (so T threads hold T times
    /// their capacity) and all share the L3.
    /// </summary>
    public MemoryLevel LevelFor(long bytes)
    {
        foreach (var level in new[] { MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3 })
        {
            if (bytes <= Capacity[level] * (level == MemoryLevel.L3 ? 1 : Threads))
            {
                return level;
            }
        }

        return MemoryLevel.Dram;
    }
}
