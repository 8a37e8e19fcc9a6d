using Depthwise.Diagnostics;

namespace Depthwise.Cli.Benchmarking;

/// <summary>
/// Copy and triad bandwidth over working sets from 16 KiB to the last-level cache's size in half-octave steps, so a
/// layer can be rated against what a plain stream reaches over as many bytes as it moves rather than against one probe
/// size per cache level.
/// </summary>
/// <remarks>
/// One size per level misrates the layers near a level's capacity and misreads the level itself. On this Zen 5 (1 MiB
/// L2, one thread, 64-byte-aligned arrays) a copy reads ≈ 170 GB/s over 128–384 KiB, 215–229 over 448–640 KiB and 140–152
/// at 1 MiB, where the L2 already spills: the 128 KiB-per-array L2 probe read 190, so the layers of 448–768 KiB were
/// rated against less than the L2 delivers and those of ≈ 1 MiB (256×28² and 16×112² stride 2) against more than a
/// stream gets at their size (docs/kernels.md, "Session 16: the bandwidth curve").
/// A layer's roof is the curve's upper envelope at its size: the best reading at that size or any larger one. A smaller
/// working set never lives in a slower place than a larger one, so a slow reading at a small size (the 128–384 KiB dip)
/// does not lower the roof of the layers there, and the roof never rises with size.
/// </remarks>
/// <param name="Points">Readings in increasing size.</param>
internal sealed record BandwidthCurve(IReadOnlyList<BandwidthPoint> Points)
{
    private const long SmallestBytes = 16 << 10;

    // The roof at each probed size: the best reading there or at any larger size.
    private readonly double[] _envelope = Envelope(Points);

    /// <summary>Probes copy and triad at every size of the curve up to <paramref name="largestBytes"/> (total over threads).</summary>
    /// <param name="threads">Threads streaming at once, each over its share of the working set.</param>
    /// <param name="largestBytes">The largest working set probed: the last-level cache's capacity.</param>
    /// <param name="duration">How long each probe runs (<see cref="RoofProbe.BandwidthGigabytes"/>).</param>
    /// <param name="attempts">Probes per size and kind; the best is kept.</param>
    public static BandwidthCurve Measure(int threads, long largestBytes, TimeSpan duration, int attempts) =>
        new([.. Sizes(largestBytes).Select(bytes => new BandwidthPoint(
            bytes,
            RoofProbe.BandwidthGigabytes(BandwidthKind.Copy, ArrayBytes(bytes, threads, arrays: 2), threads, duration, attempts),
            RoofProbe.BandwidthGigabytes(BandwidthKind.Triad, ArrayBytes(bytes, threads, arrays: 3), threads, duration, attempts)))]);

    /// <summary>Working-set sizes from 16 KiB to <paramref name="largestBytes"/>, each √2 times the one before.</summary>
    public static IEnumerable<long> Sizes(long largestBytes)
    {
        for (var step = 0; ; step++)
        {
            var bytes = (long)Math.Round(SmallestBytes * Math.Pow(2, step / 2.0));
            if (bytes > largestBytes)
            {
                yield break;
            }

            yield return bytes;
        }
    }

    /// <summary>
    /// The roof for a working set of <paramref name="bytes"/>: the upper envelope (see the remarks) interpolated between
    /// the two probed sizes around it, linearly in the logarithm of the size; outside the probed sizes, the nearest end.
    /// </summary>
    public double Gigabytes(long bytes)
    {
        var envelope = _envelope;
        if (bytes <= Points[0].Bytes)
        {
            return envelope[0];
        }

        for (var index = 1; index < Points.Count; index++)
        {
            if (bytes <= Points[index].Bytes)
            {
                var (low, high) = (Points[index - 1].Bytes, Points[index].Bytes);
                var position = Math.Log((double)bytes / low) / Math.Log((double)high / low);
                return envelope[index - 1] + (position * (envelope[index] - envelope[index - 1]));
            }
        }

        return envelope[^1];
    }

    /// <summary>The best of two probes of the same sizes, size by size.</summary>
    public BandwidthCurve Best(BandwidthCurve other)
    {
        if (!Points.Select(point => point.Bytes).SequenceEqual(other.Points.Select(point => point.Bytes)))
        {
            throw new ArgumentException("Both curves must be probed at the same sizes.", nameof(other));
        }

        return new([.. Points.Zip(other.Points, (mine, theirs) => new BandwidthPoint(
            mine.Bytes, Math.Max(mine.CopyGigabytes, theirs.CopyGigabytes), Math.Max(mine.TriadGigabytes, theirs.TriadGigabytes)))]);
    }

    private static double[] Envelope(IReadOnlyList<BandwidthPoint> points)
    {
        var envelope = new double[points.Count];
        var best = 0.0;
        for (var index = points.Count - 1; index >= 0; index--)
        {
            best = Math.Max(best, points[index].Gigabytes);
            envelope[index] = best;
        }

        return envelope;
    }

    // Each thread streams over its share of the working set, split into the kind's arrays (never below the probe's 1 KiB).
    private static int ArrayBytes(long bytes, int threads, int arrays) => (int)Math.Max(1024, bytes / threads / arrays);
}

/// <summary>Copy and triad bandwidth over a working set of <paramref name="Bytes"/> (all threads' arrays together).</summary>
internal readonly record struct BandwidthPoint(long Bytes, double CopyGigabytes, double TriadGigabytes)
{
    /// <summary>The faster of the two: a level's rate whatever a layer's mix of reads and writes (<see cref="MachineRoof"/>).</summary>
    public double Gigabytes => Math.Max(CopyGigabytes, TriadGigabytes);
}
