using System.Globalization;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// CPU time each thread of this process has run so far, and how long it has waited on a run queue (runnable, not
/// running), from Linux's <c>/proc/self/task/*/schedstat</c> (nanoseconds), grouped as the calling thread, our worker
/// pool's threads, the runtime's own threads (".NET …", e.g. the tiered JIT) and all others (ONNX Runtime's pool).
/// Empty where /proc is missing.
/// </summary>
internal sealed class ThreadCpuTime
{
    private readonly Dictionary<int, (string Name, long Running, long Waiting)> _threads;

    private ThreadCpuTime(Dictionary<int, (string Name, long Running, long Waiting)> threads) => _threads = threads;

    /// <summary>The groups, in the order <see cref="GroupMilliseconds"/> returns them.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["caller", "Depthwise workers", ".NET runtime", "other (ONNX Runtime)"];

    public static ThreadCpuTime Now()
    {
        var threads = new Dictionary<int, (string, long, long)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return new ThreadCpuTime(threads);
        }

        foreach (var directory in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                var fields = File.ReadAllText(Path.Combine(directory, "schedstat")).Split(' ');
                threads[int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture)] =
                    (name, long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return new ThreadCpuTime(threads);
    }

    /// <summary>The operating system's id of the calling thread (0 where /proc is missing).</summary>
    public static int CurrentThread() =>
        Directory.Exists("/proc/thread-self") && Directory.ResolveLinkTarget("/proc/thread-self", returnFinalTarget: false) is { } target
            && int.TryParse(Path.GetFileName(target.FullName), CultureInfo.InvariantCulture, out var id) ? id : 0;

    /// <summary>CPU milliseconds each group ran between <paramref name="earlier"/> and this snapshot; <paramref name="caller"/> is the calling thread's id.</summary>
    public double[] GroupMilliseconds(ThreadCpuTime earlier, int caller) => Differences(earlier, caller, waiting: false);

    /// <summary>
    /// Milliseconds each group's threads spent runnable on a run queue without running between <paramref name="earlier"/>
    /// and this snapshot: a helper queued behind the caller on one CPU, or a thread sharing its CPU with another process.
    /// </summary>
    public double[] GroupWaitMilliseconds(ThreadCpuTime earlier, int caller) => Differences(earlier, caller, waiting: true);

    private double[] Differences(ThreadCpuTime earlier, int caller, bool waiting)
    {
        var groups = new double[Groups.Count];
        foreach (var (thread, (name, running, waited)) in _threads)
        {
            var before = earlier._threads.TryGetValue(thread, out var start) ? (waiting ? start.Waiting : start.Running) : 0;
            var group = thread == caller ? 0 : name.StartsWith("Depthwise worke", StringComparison.Ordinal) ? 1 : name.StartsWith(".NET", StringComparison.Ordinal) ? 2 : 3;
            groups[group] += ((waiting ? waited : running) - before) / 1e6;
        }

        return groups;
    }

    /// <summary>
    /// CPU milliseconds the whole machine has been busy so far (every CPU's user, system, interrupt and steal time from
    /// <c>/proc/stat</c>, 10 ms ticks), or 0 where it is missing: less this process's CPU time, what other processes took.
    /// </summary>
    public static double MachineBusyMilliseconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", in clock ticks (USER_HZ = 100).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = 0L;
        foreach (var index in (ReadOnlySpan<int>)[1, 2, 3, 6, 7, 8])
        {
            busy += long.Parse(fields[index], CultureInfo.InvariantCulture);
        }

        return busy * 10.0;
    }
}
