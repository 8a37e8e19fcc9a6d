using System.Globalization;
using System.Runtime.InteropServices;

namespace Depthwise.Threading;

/// <summary>
/// Linux thread affinity for the worker pool: which CPUs a thread may run on (<c>sched_getaffinity</c>) and keeping a
/// thread on one of them (<c>sched_setaffinity</c>). Elsewhere nothing is supported and every call reports failure, so
/// the pool schedules as before.
/// </summary>
/// <remarks>
/// Why the pool needs it: a virtual machine's guest scheduler may pack a thread that has been idle onto the CPU of the
/// thread that woke it (this machine's kernel runs with <c>sched_vcpu_pack</c>). A worker woken by a caller after a
/// pause then waits on the caller's run queue while the other CPU idles, and a two-thread call runs at one-thread
/// speed until the scheduler moves it, which took longer than a 4 ms burst of calls.
/// </remarks>
internal static unsafe partial class CpuAffinity
{
    // Masks of up to 1024 CPUs, glibc's cpu_set_t; a process allowed CPUs beyond that is not pinned.
    private const int MaskWords = 16;
    private const int MaximumCpus = MaskWords * 64;

    private static bool _getCpuWorks = true;

    /// <summary>Whether this platform can pin threads (Linux).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux();

    /// <summary>
    /// The CPUs the calling thread may run on, ascending, or empty where that is unknown (not Linux, or the call failed).
    /// </summary>
    public static int[] AllowedCpusOfCurrentThread()
    {
        if (!IsSupported)
        {
            return [];
        }

        var mask = stackalloc ulong[MaskWords];
        try
        {
            if (SchedGetAffinity(0, MaskWords * sizeof(ulong), mask) != 0)
            {
                return [];
            }
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return [];
        }

        var cpus = new List<int>();
        for (var cpu = 0; cpu < MaximumCpus; cpu++)
        {
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    /// <summary>
    /// The kernel's id of the calling thread (what <c>sched_setaffinity</c> takes), from <c>/proc/thread-self</c>; 0
    /// where that is unknown.
    /// </summary>
    public static int CurrentThreadId()
    {
        if (!IsSupported)
        {
            return 0;
        }

        try
        {
            // "/proc/thread-self" links to "<pid>/task/<tid>".
            var target = Directory.ResolveLinkTarget("/proc/thread-self", returnFinalTarget: false);
            return target is not null && int.TryParse(Path.GetFileName(target.FullName), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The CPU the calling thread runs on now, asked of the kernel (<c>sched_getcpu</c>, a few nanoseconds through the
    /// vDSO); elsewhere <see cref="Thread.GetCurrentProcessorId"/>, which may be a cached, older answer.
    /// </summary>
    public static int CurrentCpu()
    {
        if (IsSupported && Volatile.Read(ref _getCpuWorks))
        {
            try
            {
                var cpu = SchedGetCpu();
                if (cpu >= 0)
                {
                    return cpu;
                }
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not this libc: fall through to the runtime's cached answer from now on.
            }

            Volatile.Write(ref _getCpuWorks, false);
        }

        return Thread.GetCurrentProcessorId();
    }

    /// <summary>Lets thread <paramref name="threadId"/> run only on <paramref name="cpu"/>; false if that failed.</summary>
    public static bool TryPin(int threadId, int cpu) => TrySet(threadId, new ReadOnlySpan<int>(in cpu));

    /// <summary>Lets thread <paramref name="threadId"/> run on any of <paramref name="cpus"/>; false if that failed.</summary>
    public static bool TrySet(int threadId, ReadOnlySpan<int> cpus)
    {
        if (!IsSupported || threadId <= 0)
        {
            return false;
        }

        var mask = stackalloc ulong[MaskWords];
        new Span<ulong>(mask, MaskWords).Clear();
        foreach (var cpu in cpus)
        {
            if ((uint)cpu >= MaximumCpus)
            {
                return false;
            }

            mask[cpu / 64] |= 1UL << (cpu % 64);
        }

        try
        {
            return SchedSetAffinity(threadId, MaskWords * sizeof(ulong), mask) == 0;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int SchedGetCpu();

    [LibraryImport("libc", EntryPoint = "sched_getaffinity")]
    private static partial int SchedGetAffinity(int threadId, nint maskBytes, ulong* mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SchedSetAffinity(int threadId, nint maskBytes, ulong* mask);
}
