using System.Diagnostics;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// Times two actions in alternating rounds (ours, peer, ours, peer, …) so that a stretch of machine noise hits both,
/// after a time-based warm-up of each (the JIT tiers up late; ONNX Runtime allocates its arena on first runs).
/// Each round is timed in the engine's own steady state: an untimed pause first, long enough for the other engine's
/// worker threads to stop spinning and sleep (on two cores they would otherwise take a core from the threads being
/// timed: a 30 µs two-thread layer measured 440 µs right after ONNX Runtime's round) and until the process has stopped
/// using CPU, then a few untimed calls that
/// wake this engine's own workers, then the timed calls back to back, as layers of a network run.
/// </summary>
internal static class InterleavedTimer
{
    // At least this long: longer than our workers' 50 µs spin before they sleep.
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);

    // Then in steps of QuietStep until a step costs the process less than QuietCpu of CPU time, at most MaximumSettle.
    // ONNX Runtime's workers spin a fixed count of iterations after a run, measured at 35–40 ms of CPU time after a
    // 20 ms burst of runs (more wall time when the machine is loaded), so a fixed 50 ms pause could leave one spinning
    // into our round. At two threads our helper then competes with it for the second core: traced with that core busy
    // (other processes), the helper ran none of a 576×14² layer's 8 items in 395 of 400 calls, and the layer took its
    // one-thread time.
    private static readonly TimeSpan QuietStep = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan QuietCpu = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaximumSettle = TimeSpan.FromMilliseconds(500);

    // Untimed calls that bring an engine's sleeping workers back before its round is timed.
    private static readonly TimeSpan WakeTime = TimeSpan.FromMilliseconds(2);

    // wakeTime: untimed calls before each round (default 2 ms). A whole network needs more than one call to be back in
    // its steady state after the pause: MobileNetV2's first calls after it ran ≈ 20 % slower for both engines (caches
    // refilled from memory), so end-to-end rounds wake for longer.
    // roundCpu: when given, each timed round adds the CPU milliseconds of each thread group (ThreadCpuTime.Groups) to
    // roundCpu[0] (our rounds) or roundCpu[1] (the peer's): whether the other engine's threads ran during a round.
    public static (double OursMicroseconds, double PeerMicroseconds) MedianMicroseconds(
        Action ours, Action peer, TimeSpan warmup, int rounds, TimeSpan roundTime, TimeSpan? wakeTime = null, List<double[]>[]? roundCpu = null)
    {
        WarmUp(ours, warmup);
        WarmUp(peer, warmup);
        var callsPerRound = CallsFor(ours, peer, roundTime);
        var oursTimes = new double[rounds];
        var peerTimes = new double[rounds];
        var caller = roundCpu is null ? 0 : ThreadCpuTime.CurrentThread();
        for (var round = 0; round < rounds; round++)
        {
            oursTimes[round] = SettledRound(ours, callsPerRound, wakeTime ?? WakeTime, roundCpu?[0], caller);
            peerTimes[round] = SettledRound(peer, callsPerRound, wakeTime ?? WakeTime, roundCpu?[1], caller);
        }

        return (Median(oursTimes), Median(peerTimes));
    }

    private static double SettledRound(Action action, int calls, TimeSpan wakeTime, List<double[]>? cpu, int caller)
    {
        Settle();
        WarmUp(action, wakeTime);
        var before = cpu is null ? null : ThreadCpuTime.Now();
        var microseconds = Round(action, calls);
        cpu?.Add(ThreadCpuTime.Now().GroupMilliseconds(before!, caller));
        return microseconds;
    }

    private static void Settle()
    {
        var clock = Stopwatch.StartNew();
        Thread.Sleep(SettleTime);
        var before = Environment.CpuUsage.TotalTime;
        while (clock.Elapsed < MaximumSettle)
        {
            Thread.Sleep(QuietStep);
            var now = Environment.CpuUsage.TotalTime;
            if (now - before < QuietCpu)
            {
                return;
            }

            before = now;
        }
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
