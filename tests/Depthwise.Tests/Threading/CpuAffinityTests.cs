using System.Globalization;
using System.Runtime.CompilerServices;
using Depthwise.Tests.Infrastructure;
using Depthwise.Threading;

namespace Depthwise.Tests.Threading;

// The kernel's own account of a thread's CPUs (/proc/…/status, "Cpus_allowed_list") is the independent check of what
// CpuAffinity reads and sets. Off Linux there is nothing to pin and every call must say so.
[Collection(SteadyStateAllocationCollection.Name)]
public unsafe class CpuAffinityTests
{
    [Fact]
    public void AllowedCpusAreTheKernelsListOrNothingOffLinux()
    {
        var allowed = CpuAffinity.AllowedCpusOfCurrentThread();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Empty(allowed);
            Assert.False(CpuAffinity.TryPin(CpuAffinity.CurrentThreadId(), 0));
            return;
        }

        Assert.Equal(KernelAllowedCpus("/proc/thread-self/status"), allowed);
    }

    [Fact]
    public void APinnedThreadMayRunOnlyOnItsCpuUntilItIsGivenItsCpusBack()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var allowed = CpuAffinity.AllowedCpusOfCurrentThread();
        var observed = new List<int[]>();
        var thread = new Thread(() =>
        {
            var id = CpuAffinity.CurrentThreadId();
            Assert.True(CpuAffinity.TryPin(id, allowed[^1]));
            observed.Add(KernelAllowedCpus("/proc/thread-self/status"));
            observed.Add([CpuAffinity.CurrentCpu()]);
            Assert.True(CpuAffinity.TrySet(id, allowed));
            observed.Add(KernelAllowedCpus("/proc/thread-self/status"));
        });
        thread.Start();
        thread.Join();

        Assert.Equal(3, observed.Count);
        Assert.Equal([allowed[^1]], observed[0]);

        // Pinned, the thread can only be running on that CPU when it asks where it runs.
        Assert.Equal([allowed[^1]], observed[1]);
        Assert.Equal(allowed, observed[2]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1024)]
    [InlineData(int.MaxValue)]
    public void CpusOutsideTheMaskAreRefused(int cpu) =>
        Assert.False(CpuAffinity.TryPin(CpuAffinity.CurrentThreadId(), cpu));

    [Fact]
    public void ThreadIdZeroIsNeverPinned() => Assert.False(CpuAffinity.TryPin(0, 0));

    [Fact]
    public void HelpersArePinnedAwayFromTheCallerOnlyWhileEveryParticipantHasACpu()
    {
        var allowed = CpuAffinity.AllowedCpusOfCurrentThread();
        if (allowed.Length < 2)
        {
            return;
        }

        var pool = new WorkerPool();
        // Pinned, so that the pool's threads may keep its address while they count.
        var counts = GC.AllocateArray<int>(64, pinned: true);

        // The first call starts the helper; it learns its thread id as it starts, so later calls can pin it.
        RunUntilStarted(pool, counts, threads: 2);
        pool.Run(counts.Length, 2, Counts(counts), &Count);
        var (threadId, pinnedCpu) = pool.HelperPlacement(0);
        Assert.Contains(pinnedCpu, allowed);
        Assert.Equal([pinnedCpu], KernelAllowedCpus($"/proc/self/task/{threadId}/status"));

        // More participants than CPUs: nobody is pinned, the helpers get every allowed CPU back.
        pool.Run(counts.Length, allowed.Length + 1, Counts(counts), &Count);
        Assert.Equal(-1, pool.HelperPlacement(0).PinnedCpu);
        Assert.Equal(allowed, KernelAllowedCpus($"/proc/self/task/{threadId}/status"));

        // Switched off: not pinned again.
        Parallelism.PinWorkerThreads = false;
        try
        {
            pool.Run(counts.Length, 2, Counts(counts), &Count);
            Assert.Equal(-1, pool.HelperPlacement(0).PinnedCpu);
        }
        finally
        {
            Parallelism.PinWorkerThreads = true;
        }

        Assert.All(counts, count => Assert.True(count > 0));
    }

    private static void RunUntilStarted(WorkerPool pool, int[] counts, int threads)
    {
        pool.Run(counts.Length, threads, Counts(counts), &Count);
        for (var attempt = 0; attempt < 1000 && pool.HelperPlacement(0).ThreadId == 0; attempt++)
        {
            Thread.Sleep(1);
        }

        Assert.NotEqual(0, pool.HelperPlacement(0).ThreadId);
    }

    private static void* Counts(int[] counts) => Unsafe.AsPointer(ref counts[0]);

    private static void Count(void* state, int item) => Interlocked.Increment(ref ((int*)state)[item]);

    // "Cpus_allowed_list:\t0-3,6" → [0, 1, 2, 3, 6].
    private static int[] KernelAllowedCpus(string statusPath)
    {
        var line = File.ReadLines(statusPath).Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        var cpus = new List<int>();
        foreach (var part in line["Cpus_allowed_list:".Length..].Trim().Split(','))
        {
            var bounds = part.Split('-').Select(bound => int.Parse(bound, CultureInfo.InvariantCulture)).ToArray();
            for (var cpu = bounds[0]; cpu <= bounds[^1]; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }
}
