namespace Depthwise.Tests.Infrastructure;

/// <summary>
/// Measures what a warmed-up call allocates on the calling thread. The runtime itself occasionally charges a few
/// kilobytes to a thread that allocated nothing (dotnet/runtime#63487: its own GetAllocatedBytesForCurrentThread test
/// fails about once a week by 6–10 KB; CI here once saw 8,112 bytes in a steady state that allocates nothing in
/// thousands of local runs). A real per-call allocation is deterministic and shows in every round, so the cleanest of a
/// few rounds is the honest figure.
/// </summary>
public static class SteadyStateAllocation
{
    /// <summary>Bytes allocated on this thread by <paramref name="callsPerRound"/> calls, the least over up to
    /// <paramref name="rounds"/> rounds (stops at the first round that allocates nothing).</summary>
    /// <param name="call">The operation, already warmed up (its scratch grown, its code compiled).</param>
    /// <param name="callsPerRound">Calls per round.</param>
    /// <param name="rounds">Rounds at most.</param>
    /// <returns>The smallest per-round total seen.</returns>
    public static long Bytes(Action call, int callsPerRound = 5, int rounds = 3)
    {
        var least = long.MaxValue;
        for (var round = 0; round < rounds && least != 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var index = 0; index < callsPerRound; index++)
            {
                call();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
