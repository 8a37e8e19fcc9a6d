using System.Diagnostics;
using Depthwise.Tests.Infrastructure;
using Depthwise.Threading;

namespace Depthwise.Tests.Threading;

// Each test traces a pool of its own, so that other tests' calls on the shared pool cannot add to its sums.
[Collection(SteadyStateAllocationCollection.Name)]
public unsafe class RegionTraceTests
{
    [Fact]
    public void TracedRegionsCountEveryItemAndSplitTheirTimeConsistently()
    {
        var pool = new WorkerPool();
        var counts = new int[64];
        var trace = new RegionTrace();
        pool.Trace = trace;
        fixed (int* state = counts)
        {
            for (var region = 0; region < 20; region++)
            {
                pool.Run(counts.Length, 2, state, &Count);
            }
        }

        Assert.All(counts, count => Assert.Equal(20, count));
        Assert.Equal(20, trace.Regions);
        Assert.Equal(20 * counts.Length, trace.Items);
        Assert.InRange(trace.HelperItems, 0, trace.Items);
        Assert.InRange(trace.MissedPosts, 0, 20);
        foreach (var ticks in new[] { trace.ForkTicks, trace.JoinTicks, trace.CallerWaitTicks, trace.HelperIdleTicks })
        {
            Assert.InRange(ticks, 0, trace.RegionTicks);
        }

        // The caller's waiting and the join happen after it ran out of items, inside the region.
        Assert.True(trace.CallerWaitTicks + trace.JoinTicks <= trace.RegionTicks);

        trace.Reset();
        Assert.Equal(0, trace.Regions + trace.Items + trace.HelperItems + trace.MissedPosts + trace.RegionTicks + trace.ForkTicks + trace.JoinTicks + trace.CallerWaitTicks + trace.HelperIdleTicks);
    }

    [Fact]
    public void RecordedRegionsAddUpToTheSumsAndFollowEachOtherInOrder()
    {
        var pool = new WorkerPool();
        var counts = new int[48];
        var trace = new RegionTrace();
        pool.Trace = trace;
        fixed (int* state = counts)
        {
            for (var region = 0; region < 12; region++)
            {
                // Regions of 8, 16, … items, so each record can be matched to its region by its item count.
                pool.Run(8 * ((region % 6) + 1), 2, state, &Count);
            }
        }

        var records = trace.RegionsSinceReset.ToArray();
        Assert.Equal(12, records.Length);
        Assert.Equal(Enumerable.Range(0, 12).Select(region => 8 * ((region % 6) + 1)), records.Select(r => r.Items));
        Assert.Equal(trace.RegionTicks, records.Sum(r => r.Ticks));
        Assert.Equal(trace.CallerWaitTicks, records.Sum(r => r.CallerWaitTicks));
        Assert.Equal(trace.HelperIdleTicks, records.Sum(r => r.HelperIdleTicks));
        Assert.Equal(trace.HelperItems, records.Sum(r => (long)r.HelperItems));
        Assert.Equal(0, records[0].TicksSincePrevious);
        Assert.All(records, r => Assert.InRange(r.TicksSincePrevious, 0, long.MaxValue));

        trace.Reset();
        Assert.Equal(0, trace.RegionsSinceReset.Length);
    }

    [Fact]
    public void AHelperDoneFirstIsCountedIdleUntilTheCallerIsDone()
    {
        // Two items, one per thread: the caller's (item 0) sleeps 200 ms, the helper's (item 1) 50 ms, so the helper,
        // which has 200 ms to start, waits ≈ 150 ms for the caller and the caller does not wait at all.
        var pool = new WorkerPool();
        var trace = new RegionTrace();
        pool.Trace = trace;
        var sleeps = new[] { 200, 50 };
        fixed (int* state = sleeps)
        {
            pool.Run(2, 2, state, &Sleep);
        }

        Assert.Equal(1, trace.HelperItems);
        Assert.Equal(0, trace.CallerWaitTicks);
        Assert.InRange(trace.HelperIdleTicks, Stopwatch.Frequency / 10, trace.RegionTicks);
    }

    [Fact]
    public void TracedRegionsAllocateNothingOnTheCallingThread()
    {
        var pool = new WorkerPool();
        var counts = new int[64];
        pool.Trace = new RegionTrace();
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(counts, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            var state = (int*)handle.AddrOfPinnedObject();
            for (var call = 0; call < 5; call++)
            {
                pool.Run(counts.Length, 2, state, &Count);
            }

            Assert.Equal(0, SteadyStateAllocation.Bytes(() => pool.Run(counts.Length, 2, state, &Count), callsPerRound: 100));
        }
        finally
        {
            handle.Free();
        }

        Assert.All(counts, count => Assert.Equal(105, count));
    }

    private static void Count(void* state, int item) => Interlocked.Increment(ref ((int*)state)[item]);

    private static void Sleep(void* state, int item) => Thread.Sleep(((int*)state)[item]);
}
