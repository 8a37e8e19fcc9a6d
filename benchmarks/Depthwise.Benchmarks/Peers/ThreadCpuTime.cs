using System.Globalization;

namespace Depthwise.Benchmarks.Peers;

/// <summary>
/// CPU time each thread of this process has run so far, from Linux's <c>/proc/self/task/*/schedstat</c> (nanoseconds on
/// a CPU), grouped as the calling thread, our worker pool's threads, the runtime's own threads (".NET …", e.g. the tiered
/// JIT) and all others (ONNX Runtime's pool). Empty where /proc is missing.
/// </summary>
internal sealed class ThreadCpuTime
{
    private readonly Dictionary<int, (string Name, long Nanoseconds)> _threads;

    private ThreadCpuTime(Dictionary<int, (string Name, long Nanoseconds)> threads) => _threads = threads;

    /// <summary>The groups, in the order <see cref="GroupMilliseconds"/> returns them.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["caller", "Depthwise workers", ".NET runtime", "other (ONNX Runtime)"];

    public static ThreadCpuTime Now()
    {
        var threads = new Dictionary<int, (string, long)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return new ThreadCpuTime(threads);
        }

        foreach (var directory in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                var nanoseconds = long.Parse(File.ReadAllText(Path.Combine(directory, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture)] = (name, nanoseconds);
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
    public double[] GroupMilliseconds(ThreadCpuTime earlier, int caller)
    {
        var groups = new double[Groups.Count];
        foreach (var (thread, (name, nanoseconds)) in _threads)
        {
            var before = earlier._threads.TryGetValue(thread, out var start) ? start.Nanoseconds : 0;
            var group = thread == caller ? 0 : name.StartsWith("Depthwise worke", StringComparison.Ordinal) ? 1 : name.StartsWith(".NET", StringComparison.Ordinal) ? 2 : 3;
            groups[group] += (nanoseconds - before) / 1e6;
        }

        return groups;
    }
}
