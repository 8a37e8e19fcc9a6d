using System.Diagnostics;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// Times two actions in alternating rounds (ours, peer, ours, peer, …) so that a stretch of machine noise hits both,
/// after a time-based warm-up of each (the JIT tiers up late; ONNX Runtime allocates its arena on first runs).
/// Each round is timed in the engine's own steady state: an untimed pause first, long enough for the other engine's
/// worker threads to stop spinning and sleep (on two cores they would otherwise take a core from the threads being
/// timed: a 30 µs two-thread layer measured 440 µs right after ONNX Runtime's round), then a few untimed calls that
/// wake this engine's own workers, then the timed calls back to back, as layers of a network run.
/// </summary>
internal static class InterleavedTimer
{
    // Longer than either engine's spin before sleeping (ours: 50 µs; ONNX Runtime's: several milliseconds, measured by
    // its two-thread timings still changing between 5 and 50 ms pauses).
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);

    // Untimed calls that bring an engine's sleeping workers back before its round is timed.
    private static readonly TimeSpan WakeTime = TimeSpan.FromMilliseconds(2);

    public static (double OursMicroseconds, double PeerMicroseconds) MedianMicroseconds(Action ours, Action peer, TimeSpan warmup, int rounds, TimeSpan roundTime)
    {
        WarmUp(ours, warmup);
        WarmUp(peer, warmup);
        var callsPerRound = CallsFor(ours, peer, roundTime);
        var oursTimes = new double[rounds];
        var peerTimes = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            oursTimes[round] = SettledRound(ours, callsPerRound);
            peerTimes[round] = SettledRound(peer, callsPerRound);
        }

        return (Median(oursTimes), Median(peerTimes));
    }

    private static double SettledRound(Action action, int calls)
    {
        Thread.Sleep(SettleTime);
        WarmUp(action, WakeTime);
        return Round(action, calls);
    }

    private static void WarmUp(Action action, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            action();
        }
    }

    // Enough calls per round that one round of the slower action lasts about roundTime.
    private static int CallsFor(Action ours, Action peer, TimeSpan roundTime)
    {
        var slowest = Math.Max(Round(ours, 3), Round(peer, 3));
        return (int)Math.Clamp(roundTime.TotalMicroseconds / Math.Max(slowest, 1e-3), 1, 10_000);
    }

    private static double Round(Action action, int calls)
    {
        var start = Stopwatch.GetTimestamp();
        for (var call = 0; call < calls; call++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
