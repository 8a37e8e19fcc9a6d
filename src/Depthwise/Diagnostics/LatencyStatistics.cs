namespace Depthwise.Diagnostics;

/// <summary>Summary of a set of call durations, all in milliseconds.</summary>
/// <remarks>
/// <para>
/// Percentiles use linear interpolation between order statistics (Hyndman and Fan's definition 7, NumPy's default
/// <c>percentile</c> and Excel's <c>PERCENTILE.INC</c>): with the <c>n</c> samples sorted as
/// <c>x[0] ≤ … ≤ x[n-1]</c>, percentile <c>p</c> is at rank <c>h = (n - 1)·p</c> and equals
/// <c>x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋])</c>. So the median of an even count is the mean of the two middle
/// samples, and p0/p100 are the minimum and maximum.
/// </para>
/// <para>
/// <see cref="StandardDeviation"/> is the sample standard deviation (Bessel-corrected, dividing by <c>n - 1</c>),
/// the usual estimate of run-to-run spread; it is 0 for a single sample.
/// </para>
/// </remarks>
public sealed record LatencyStatistics
{
    /// <summary>Number of timed calls.</summary>
    public int Samples { get; init; }

    /// <summary>Arithmetic mean, ms.</summary>
    public double Mean { get; init; }

    /// <summary>Sample standard deviation (divides by n - 1; 0 when n = 1), ms.</summary>
    public double StandardDeviation { get; init; }

    /// <summary>Fastest call, ms.</summary>
    public double Min { get; init; }

    /// <summary>Slowest call, ms.</summary>
    public double Max { get; init; }

    /// <summary>50th percentile, ms: the figure to report, robust to the occasional preempted call.</summary>
    public double Median { get; init; }

    /// <summary>95th percentile, ms.</summary>
    public double P95 { get; init; }

    /// <summary>99th percentile, ms.</summary>
    public double P99 { get; init; }

    /// <summary>Summarizes call durations.</summary>
    /// <param name="milliseconds">Durations in milliseconds: at least one, each finite and non-negative. Not modified.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">The span is empty or holds a negative, NaN or infinite duration.</exception>
    public static LatencyStatistics FromSamples(ReadOnlySpan<double> milliseconds)
    {
        if (milliseconds.IsEmpty)
        {
            throw new ArgumentException("milliseconds is empty; expected at least one duration.", nameof(milliseconds));
        }

        var sorted = milliseconds.ToArray();
        double sum = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (!double.IsFinite(sorted[i]) || sorted[i] < 0)
            {
                throw new ArgumentException($"milliseconds[{i}] is {sorted[i]}; expected a finite, non-negative duration.", nameof(milliseconds));
            }

            sum += sorted[i];
        }

        Array.Sort(sorted);
        var mean = sum / sorted.Length;
        // Two passes (mean first, then squared deviations) avoid the cancellation of the sum-of-squares formula.
        double squares = 0;
        foreach (var value in sorted)
        {
            squares += (value - mean) * (value - mean);
        }

        return new LatencyStatistics
        {
            Samples = sorted.Length,
            Mean = mean,
            StandardDeviation = sorted.Length > 1 ? Math.Sqrt(squares / (sorted.Length - 1)) : 0,
            Min = sorted[0],
            Max = sorted[^1],
            Median = Percentile(sorted, 0.50),
            P95 = Percentile(sorted, 0.95),
            P99 = Percentile(sorted, 0.99),
        };
    }

    /// <summary>Throughput at the median time: <c>flops / median</c> in units of 10⁹ per second.</summary>
    /// <param name="flops">Floating-point operations one call performs (see <c>Depthwise.Cost.OpCost.Flops</c>).</param>
    /// <returns>GFLOP/s; +∞ if the median is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="flops"/> is negative.</exception>
    public double GigaflopsPerSecond(long flops)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(flops);
        return PerSecondAtMedian(flops) / 1e9;
    }

    /// <summary>Memory throughput at the median time: <c>bytes / median</c> in units of 10⁹ bytes per second.</summary>
    /// <param name="bytes">Bytes one call reads plus writes (see <c>Depthwise.Cost.OpCost</c>).</param>
    /// <returns>GB/s (decimal gigabytes); +∞ if the median is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public double GigabytesPerSecond(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return PerSecondAtMedian(bytes) / 1e9;
    }

    private double PerSecondAtMedian(long amount) => amount == 0 ? 0 : amount / (Median / 1000.0);

    // sorted ascending, fraction in [0, 1] → definition-7 percentile.
    private static double Percentile(double[] sorted, double fraction)
    {
        var rank = (sorted.Length - 1) * fraction;
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((rank - lower) * (sorted[upper] - sorted[lower]));
    }
}
