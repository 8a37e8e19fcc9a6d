using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Kernels;

namespace Depthwise.Diagnostics;

/// <summary>
/// Measures this machine's roofs: the fp32 FMA peak and the copy/triad bandwidth of each cache level, so kernel
/// figures can be reported as a fraction of the roof that binds them rather than as bare GFLOP/s.
/// </summary>
/// <remarks>
/// Every probe is timed in slices of a few tens of microseconds and reads the median slice, as <see cref="LatencyMeter"/>
/// reads a kernel's median call: on a shared machine a reading over a whole 0.1 s counts each time slice the scheduler
/// gave to another process, which a kernel's median call does not, and the fractions of roof came out above 100 % (an
/// FMA probe read 128 GFLOP/s beside kernels timed at 190–215 on a 221 GFLOP/s core, under load 13).
/// </remarks>
public static class RoofProbe
{
    // Twelve independent accumulators hide the 4-cycle FMA latency on two FMA pipes (needs ≥ 8 in flight).
    private const int Chains = 12;

    /// <summary>Array sizes that live in L1, L2, L3 and DRAM on current x64 server parts (32–48 KiB L1, 1–2 MiB L2, ≥ 16 MiB L3).</summary>
    public static IReadOnlyList<(MemoryLevel Level, int Bytes)> LevelSizes { get; } =
    [
        (MemoryLevel.L1, 8 << 10),
        (MemoryLevel.L2, 128 << 10),
        (MemoryLevel.L3, 4 << 20),
        (MemoryLevel.Dram, 128 << 20),
    ];

    /// <summary>Peak fp32 FMA throughput in GFLOP/s (one FMA = 2 FLOP) with <paramref name="threads"/> threads, each on its own chains.</summary>
    /// <param name="threads">Threads running FMA chains at once (≥ 1).</param>
    /// <param name="duration">How long each thread runs after a warm-up of the same length.</param>
    /// <param name="attempts">Timed runs after the one warm-up; the best is returned (anything else running only lowers a run).</param>
    /// <returns>GFLOP/s summed over threads, each thread's the median of its timed slices.</returns>
    public static double FmaGigaflops(int threads, TimeSpan duration, int attempts = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var flopsPerSecond = new double[threads];
        RunOnThreads(threads, thread => flopsPerSecond[thread] = FmaChains(duration));
        return Best(attempts, () =>
        {
            RunOnThreads(threads, thread => flopsPerSecond[thread] = FmaChains(duration));
            return flopsPerSecond.Sum() / 1e9;
        });
    }

    /// <summary>Bandwidth in GB/s of a copy (b = a), streaming copy or triad (a = b + s·c) over arrays of <paramref name="bytesPerArray"/> bytes per thread.</summary>
    /// <param name="kind">Copy, streaming copy or triad.</param>
    /// <param name="bytesPerArray">Size of each array, which decides the cache level it lives in.</param>
    /// <param name="threads">Threads, each on its own arrays.</param>
    /// <param name="duration">How long each thread repeats the sweep after a warm-up of the same length.</param>
    /// <param name="attempts">Timed runs over the same arrays after the one warm-up; the best is returned.</param>
    /// <returns>Bytes read plus written per second, in GB/s (10⁹), summed over threads, each thread's the median of its timed slices.</returns>
    public static double BandwidthGigabytes(BandwidthKind kind, int bytesPerArray, int threads, TimeSpan duration, int attempts = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerArray, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var length = bytesPerArray / sizeof(float);
        var arrays = new float[threads][][];
        for (var thread = 0; thread < threads; thread++)
        {
            // Pinned, so that the streaming copy can run from 64-byte boundaries (PinnedScratch.AlignedStart).
            arrays[thread] = [PinnedScratch.AllocatePinned(length), PinnedScratch.AllocatePinned(length), PinnedScratch.AllocatePinned(length)];
            arrays[thread][1].AsSpan().Fill(1f);
            arrays[thread][2].AsSpan().Fill(2f);
        }

        var bytesPerSecond = new double[threads];
        RunOnThreads(threads, thread => bytesPerSecond[thread] = Sweep(kind, arrays[thread], duration));
        return Best(attempts, () =>
        {
            RunOnThreads(threads, thread => bytesPerSecond[thread] = Sweep(kind, arrays[thread], duration));
            return bytesPerSecond.Sum() / 1e9;
        });
    }

    // The highest of `attempts` readings, each taken after the previous one.
    private static double Best(int attempts, Func<double> reading)
    {
        var best = 0.0;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            best = Math.Max(best, reading());
        }

        return best;
    }

    private static void RunOnThreads(int threads, Action<int> body)
    {
        if (threads == 1)
        {
            body(0);
        }
        else
        {
            var workers = Enumerable.Range(0, threads).Select(thread => new Thread(() => body(thread))).ToArray();
            foreach (var worker in workers)
            {
                worker.Start();
            }

            foreach (var worker in workers)
            {
                worker.Join();
            }
        }
    }

    // Seconds since a Stopwatch timestamp, from the raw timestamps rather than a TimeSpan, whose 100 ns ticks would round
    // a short slice's time down (to zero for a slice of one line).
    private static double SecondsSince(long start) => (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency;

    // The median of the slices' rates, in units per second.
    private static double Median(List<double> rates)
    {
        rates.Sort();
        var middle = rates.Count / 2;
        return rates.Count % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double FmaChains(TimeSpan duration) => SimdWidth.Widest switch
    {
        16 => FmaChains<Vector512<float>, SimdFloat512>(duration),
        8 => FmaChains<Vector256<float>, SimdFloat256>(duration),
        4 => FmaChains<Vector128<float>, SimdFloat128>(duration),
        _ => FmaChains<float, SimdFloatScalar>(duration),
    };

    // FLOP/s of the median slice; a slice of 16384 iterations is ≈ 200 k FMAs, ≈ 30 µs on two 512-bit pipes.
    private static double FmaChains<TVector, TSimd>(TimeSpan duration)
        where TVector : struct
        where TSimd : ISimdFloat<TVector>
    {
        const int SliceIterations = 16384;
        const double FlopsPerSlice = (double)SliceIterations * Chains * 2;
        var rates = new List<double>();
        Span<float> sink = stackalloc float[TSimd.Count];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            TSimd.Store(RunChains<TVector, TSimd>(SliceIterations), ref sink[0]);
            rates.Add(FlopsPerSlice * TSimd.Count / SecondsSince(start));
        }

        GC.KeepAlive(sink[0]);
        return Median(rates);
    }

    // Fully optimized from the first call: under tiered compilation the probe's loop ran as on-stack-replacement code that
    // kept the chains in memory, and the measured "peak" fell to 20–27 GFLOP/s on a core that does 113.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TVector RunChains<TVector, TSimd>(int iterations)
        where TVector : struct
        where TSimd : ISimdFloat<TVector>
    {
        var multiplier = TSimd.Broadcast(0.999999f);
        var addend = TSimd.Broadcast(1e-7f);
        TVector a0 = TSimd.Broadcast(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (var i = 0; i < iterations; i++)
        {
            a0 = TSimd.MultiplyAdd(a0, multiplier, addend);
            a1 = TSimd.MultiplyAdd(a1, multiplier, addend);
            a2 = TSimd.MultiplyAdd(a2, multiplier, addend);
            a3 = TSimd.MultiplyAdd(a3, multiplier, addend);
            a4 = TSimd.MultiplyAdd(a4, multiplier, addend);
            a5 = TSimd.MultiplyAdd(a5, multiplier, addend);
            a6 = TSimd.MultiplyAdd(a6, multiplier, addend);
            a7 = TSimd.MultiplyAdd(a7, multiplier, addend);
            a8 = TSimd.MultiplyAdd(a8, multiplier, addend);
            a9 = TSimd.MultiplyAdd(a9, multiplier, addend);
            a10 = TSimd.MultiplyAdd(a10, multiplier, addend);
            a11 = TSimd.MultiplyAdd(a11, multiplier, addend);
        }

        // Combine every chain so none is dead code.
        var all = TSimd.MultiplyAdd(a0, a1, a2);
        all = TSimd.MultiplyAdd(all, a3, a4);
        all = TSimd.MultiplyAdd(all, a5, a6);
        all = TSimd.MultiplyAdd(all, a7, a8);
        return TSimd.MultiplyAdd(TSimd.MultiplyAdd(all, a9, a10), a11, addend);
    }

    // Bytes moved per timed slice: ≈ 20–50 µs at cache speeds (several sweeps of L1 and L2 arrays, a chunk of the L3 and
    // DRAM ones), short beside the scheduler's time slices.
    private const int SliceBytes = 4 << 20;

    // Repeats the kind's loop over the arrays in slices until the duration passes; returns the median slice's bytes
    // read plus written per second.
    private static double Sweep(BandwidthKind kind, float[][] arrays, TimeSpan duration)
    {
        var (a, b, c) = (arrays[0], arrays[1], arrays[2]);
        var streams = kind == BandwidthKind.Triad ? 3 : 2;

        // The streaming copy runs from each array's aligned start, past the padding that aligns it (PinnedScratch.AllocatePinned).
        var floats = kind == BandwidthKind.StreamingCopy ? a.Length - PinnedScratch.AlignmentFloats : a.Length;

        // A slice is whole sweeps when they are short, otherwise one of equal chunks of the arrays (aligned for the
        // streaming copy).
        var sliceFloats = SliceFloats(floats, SliceBytes / (streams * sizeof(float)));
        var sweepsPerSlice = sliceFloats < floats ? 1 : Math.Max(1, SliceBytes / (streams * sizeof(float) * floats));
        var rates = new List<double>();
        var first = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var end = Math.Min(floats, first + sliceFloats);
            var start = Stopwatch.GetTimestamp();
            for (var sweep = 0; sweep < sweepsPerSlice; sweep++)
            {
                switch (kind)
                {
                    case BandwidthKind.Copy:
                        Copy(b.AsSpan(first, end - first), a.AsSpan(first, end - first));
                        break;
                    case BandwidthKind.StreamingCopy:
                        StreamingCopy(b, a, first, end);
                        break;
                    default:
                        Triad(a.AsSpan(first, end - first), b.AsSpan(first, end - first), c.AsSpan(first, end - first), 0.5f);
                        break;
                }
            }

            var seconds = SecondsSince(start);
            if (seconds > 0)
            {
                rates.Add((double)sweepsPerSlice * streams * (end - first) * sizeof(float) / seconds);
            }

            first = end == floats ? 0 : end;
        }

        return Median(rates);
    }

    /// <summary>
    /// Floats per slice for arrays of <paramref name="floats"/>: all of them when they fit in
    /// <paramref name="mostFloats"/>, otherwise the arrays cut into the fewest equal chunks that do, each a whole number
    /// of 64-byte lines (the last chunk takes the remainder, at most one line per chunk shorter).
    /// </summary>
    /// <remarks>
    /// Chunks of exactly <paramref name="mostFloats"/> left a last chunk of whatever remained: the 16 floats of an
    /// array's alignment padding on power-of-two sizes of 4 MiB and up, a slice timed at 0 or 1 of the clock's ticks, so
    /// half the slices were noise and the median landed anywhere between them and the real rate, up to infinity
    /// (docs/kernels.md, "Session 20: the bandwidth probe's slices").
    /// </remarks>
    internal static int SliceFloats(int floats, int mostFloats)
    {
        if (floats <= mostFloats)
        {
            return floats;
        }

        var chunks = (floats + mostFloats - 1) / mostFloats;
        var line = PinnedScratch.AlignmentFloats;
        return ((floats + chunks - 1) / chunks + line - 1) & -line;
    }

    // The copy with non-temporal stores of floats [first, end) counted from both arrays' 64-byte-aligned starts (first a
    // multiple of 16), then a store fence, so that the slice's stores have reached memory before the clock reads them as done.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StreamingCopy(float[] source, float[] destination, int first, int end)
    {
        var floats = end - first;
        var from = PinnedScratch.AlignedStart(source) + first;
        var to = PinnedScratch.AlignedStart(destination) + first;
        var i = 0;
        if (Avx512F.IsSupported)
        {
            for (; i <= floats - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Avx512F.StoreAlignedNonTemporal(to + i, Avx512F.LoadAlignedVector512(from + i));
            }
        }
        else if (Avx.IsSupported)
        {
            for (; i <= floats - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Avx.StoreAlignedNonTemporal(to + i, Avx.LoadAlignedVector256(from + i));
            }
        }
        else if (Sse.IsSupported)
        {
            for (; i <= floats - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Sse.StoreAlignedNonTemporal(to + i, Sse.LoadAlignedVector128(from + i));
            }
        }

        for (; i < floats; i++)
        {
            to[i] = from[i];
        }

        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }

    // A plain vector loop, as a kernel stores, rather than Span.CopyTo: memmove switches to non-temporal stores on large
    // copies (glibc past a fraction of the L3), which a kernel with plain stores does not get.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        ref var sourceStart = ref MemoryMarshal.GetReference(source);
        ref var destinationStart = ref MemoryMarshal.GetReference(destination);
        var length = source.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref sourceStart, (nuint)i), ref destinationStart, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref sourceStart, (nuint)i), ref destinationStart, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref destinationStart, i) = Unsafe.Add(ref sourceStart, i);
        }
    }

    // Optimized from the first call for the same reason as RunChains.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Triad(Span<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, float scalar)
    {
        ref var aStart = ref MemoryMarshal.GetReference(a);
        ref var bStart = ref MemoryMarshal.GetReference(b);
        ref var cStart = ref MemoryMarshal.GetReference(c);
        var length = a.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var scale = Vector512.Create(scalar);
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.StoreUnsafe(Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref cStart, (nuint)i), scale, Vector512.LoadUnsafe(ref bStart, (nuint)i)), ref aStart, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(scalar);
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref cStart, (nuint)i), scale, Vector256.LoadUnsafe(ref bStart, (nuint)i)), ref aStart, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref aStart, i) = Unsafe.Add(ref bStart, i) + (scalar * Unsafe.Add(ref cStart, i));
        }
    }
}
