using Depthwise.Tests.Infrastructure;
using Depthwise.Threading;

namespace Depthwise.Tests.Threading;

[Collection(Infrastructure.SteadyStateAllocationCollection.Name)]
public class ParallelismTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(7, 1)]
    [InlineData(7, 2)]
    [InlineData(100, 3)]
    [InlineData(1000, 8)]
    public void EveryItemRunsExactlyOnce(int items, int threads)
    {
        var counts = new int[items];
        var work = new CountingWork(counts);
        Parallelism.For(items, threads, ref work);
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public void ActionOverloadRunsEveryItemOnce()
    {
        var counts = new int[257];
        Parallelism.For(counts.Length, 4, item => Interlocked.Increment(ref counts[item]));
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public void SteadyStateCallsAllocateNothingOnTheCallingThread()
    {
        var counts = new int[64];
        var work = new CountingWork(counts);
        for (var call = 0; call < 5; call++)
        {
            Parallelism.For(counts.Length, 2, ref work);
        }

        Assert.Equal(0, SteadyStateAllocation.Bytes(() => Parallelism.For(counts.Length, 2, ref work), callsPerRound: 100));
        Assert.All(counts, count => Assert.Equal(105, count));
    }

    [Fact]
    public void AnItemsExceptionReachesTheCallerAndThePoolKeepsWorking()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Parallelism.For(50, 3, item =>
            {
                if (item == 17)
                {
                    throw new InvalidOperationException("item 17");
                }
            }));
        Assert.Equal("item 17", error.Message);

        var counts = new int[50];
        var work = new CountingWork(counts);
        Parallelism.For(counts.Length, 3, ref work);
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public void ItemsMayCallParallelismThemselves()
    {
        var counts = new int[8 * 16];
        Parallelism.For(8, 2, outer => Parallelism.For(16, 2, inner => Interlocked.Increment(ref counts[(outer * 16) + inner])));
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public void CallersOnSeveralThreadsAtOnceAllFinish()
    {
        var totals = new long[4];
        var callers = Enumerable.Range(0, totals.Length).Select(caller => new Thread(() =>
        {
            for (var call = 0; call < 200; call++)
            {
                var counts = new int[33];
                Parallelism.For(counts.Length, 2, item => Interlocked.Increment(ref counts[item]));
                totals[caller] += counts.Sum();
            }
        })).ToArray();
        foreach (var caller in callers)
        {
            caller.Start();
        }

        foreach (var caller in callers)
        {
            caller.Join();
        }

        Assert.All(totals, total => Assert.Equal(200 * 33, total));
    }

    [Fact]
    public void ResolveMapsZeroToTheDefault()
    {
        Assert.Equal(Parallelism.DefaultThreadCount, Parallelism.Resolve(0));
        Assert.Equal(3, Parallelism.Resolve(3));
        Assert.Equal("requested", Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Resolve(-1)).ParamName);
    }

    private readonly struct CountingWork(int[] counts) : IWorkItem
    {
        public void Execute(int item) => Interlocked.Increment(ref counts[item]);
    }
}
