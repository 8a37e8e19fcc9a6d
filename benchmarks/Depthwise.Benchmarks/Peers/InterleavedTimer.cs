using System.Diagnostics;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// Times two actions in alternating rounds (ours, peer, ours, peer, …) so that a stretch of machine noise hits both,
/// after a time-based warm-up of each (the JIT tiers up late; ONNX Runtime allocates its arena on first runs).
/// </summary>
internal static class InterleavedTimer
{
    public static (double OursMicroseconds, double PeerMicroseconds) MedianMicroseconds(Action ours, Action peer, TimeSpan warmup, int rounds, TimeSpan roundTime)
    {
        WarmUp(ours, warmup);
        WarmUp(peer, warmup);
        var callsPerRound = CallsFor(ours, peer, roundTime);
        var oursTimes = new double[rounds];
        var peerTimes = new double[rounds];
        for (var round = 0; round < rounds; round++)
        {
            oursTimes[round] = Round(ours, callsPerRound);
            peerTimes[round] = Round(peer, callsPerRound);
        }

        return (Median(oursTimes), Median(peerTimes));
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
