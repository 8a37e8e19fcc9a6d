using System.Diagnostics;
using System.Runtime;

namespace Depthwise.Diagnostics;

/// <summary>Times individual calls of an action after a warm-up long enough for the JIT to finish optimizing it.</summary>
/// <remarks>
/// Each call is timed on its own with <see cref="Stopwatch.GetTimestamp"/>, so each sample includes the timer's own
/// cost (tens of nanoseconds); for actions much shorter than a microsecond, loop inside the action and divide.
/// </remarks>
public static class LatencyMeter
{
    /// <summary>Shortest (and default) warm-up: tiered compilation promotes hot code to its optimized tier only after
    /// tens of milliseconds of calls plus a background compile, so fixed small warm-up counts measure unoptimized code.</summary>
    public static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(0.3);

    /// <summary>Default time spent timing calls after the warm-up.</summary>
    public static readonly TimeSpan DefaultMeasureTime = TimeSpan.FromSeconds(1);

    /// <summary>Warm-up window after which, if the runtime compiled no method during it, the JIT is taken to be done.</summary>
    public static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(0.2);

    /// <summary>Longest warm-up spent past <c>warmup</c> waiting for the JIT to finish.</summary>
    public static readonly TimeSpan MaximumSettleTime = TimeSpan.FromSeconds(5);

    /// <summary>Most samples kept (8 MB of doubles); measuring stops there even if the measuring time has not elapsed.</summary>
    public const int MaximumSamples = 1_000_000;

    /// <summary>
    /// Runs <paramref name="action"/> for at least <paramref name="warmup"/> and then until a
    /// <see cref="SettleWindow"/> passes without the runtime compiling a method (at most
    /// <see cref="MaximumSettleTime"/> more), then times single calls until both <paramref name="minimumSamples"/>
    /// calls and <paramref name="measureTime"/> have passed, or <see cref="MaximumSamples"/> calls were timed.
    /// </summary>
    /// <param name="action">The work to time.</param>
    /// <param name="warmup">Untimed warm-up duration; default and minimum <see cref="MinimumWarmup"/> (0.3 s).</param>
    /// <param name="measureTime">Least time spent timing calls; default <see cref="DefaultMeasureTime"/> (1 s); may be zero.</param>
    /// <param name="minimumSamples">Least number of timed calls, 1 to <see cref="MaximumSamples"/>.</param>
    /// <returns>Statistics of the timed calls, in milliseconds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static LatencyStatistics Measure(Action action, TimeSpan? warmup = null, TimeSpan? measureTime = null, int minimumSamples = 30)
    {
        ArgumentNullException.ThrowIfNull(action);
        var warmupTime = warmup ?? MinimumWarmup;
        var timing = measureTime ?? DefaultMeasureTime;
        if (warmupTime < MinimumWarmup)
        {
            throw new ArgumentOutOfRangeException(nameof(warmup), warmupTime, $"warmup is {warmupTime.TotalSeconds} s; expected at least {MinimumWarmup.TotalSeconds} s so the JIT has tiered up.");
        }

        if (timing < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(measureTime), timing, $"measureTime is {timing.TotalSeconds} s; expected zero or more.");
        }

        if (minimumSamples is < 1 or > MaximumSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumSamples), minimumSamples, $"minimumSamples is {minimumSamples}; expected 1 to {MaximumSamples}.");
        }

        var warmupStart = Stopwatch.GetTimestamp();
        var warmupCalls = RunFor(action, warmupTime);

        // Tiered compilation installs the optimized code from a background thread: on a loaded machine, or when the
        // action is the first hot code of the process, the warm-up can end before it has (measured: the first
        // `depthwise bench` layer at 1956 µs per call instead of 74 µs at load 8, and 75 % of the FMA roof instead of
        // 93 % on a quiet machine). So the warm-up goes on until a window passes in which the runtime compiled nothing.
        var settleStart = Stopwatch.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(settleStart) < MaximumSettleTime)
        {
            warmupCalls += RunFor(action, SettleWindow);
            var compiledNow = JitInfo.GetCompiledMethodCount();
            if (compiledNow == compiled)
            {
                break;
            }

            compiled = compiledNow;
        }

        // Size the buffer from the warm-up rate so it rarely grows (growing allocates while timing).
        var perCall = Stopwatch.GetElapsedTime(warmupStart) / warmupCalls;
        var expected = perCall > TimeSpan.Zero ? timing / perCall : MaximumSamples;
        var samples = new double[(int)Math.Clamp(Math.Max(expected * 1.25, minimumSamples), 1, MaximumSamples)];
        var count = 0;
        var toMilliseconds = 1000.0 / Stopwatch.Frequency;
        var measureStart = Stopwatch.GetTimestamp();
        var now = measureStart;
        while (count < MaximumSamples && (count < minimumSamples || Stopwatch.GetElapsedTime(measureStart, now) < timing))
        {
            var before = Stopwatch.GetTimestamp();
            action();
            now = Stopwatch.GetTimestamp();
            if (count == samples.Length)
            {
                Array.Resize(ref samples, Math.Min(MaximumSamples, 2 * samples.Length));
            }

            samples[count++] = (now - before) * toMilliseconds;
        }

        return LatencyStatistics.FromSamples(samples.AsSpan(0, count));
    }

    // Calls the action until the duration has passed (at least once); returns how many calls were made.
    private static long RunFor(Action action, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var calls = 0L;
        do
        {
            action();
            calls++;
        }
        while (Stopwatch.GetElapsedTime(start) < duration);

        return calls;
    }
}
