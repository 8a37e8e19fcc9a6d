using System.Runtime.CompilerServices;

namespace Depthwise.Threading;

/// <summary>
/// The process-wide default thread count, the rule that turns a requested count into a real one, and the parallel
/// loops every operator uses. The loops run on a persistent pool of worker threads that spin briefly between calls
/// and then sleep (see <c>docs/kernels.md</c>), so a call costs about a microsecond instead of the several
/// microseconds and allocations of <see cref="Parallel.For(int, int, Action{int})"/>.
/// </summary>
public static class Parallelism
{
    private static int _defaultThreadCount = Environment.ProcessorCount;
    private static bool _pinWorkerThreads = true;

    /// <summary>
    /// Whether the pool keeps each of its worker threads on a CPU of its own, away from the calling thread (Linux only;
    /// default true). Virtual machines whose scheduler packs a thread that was idle onto the CPU of the thread waking it
    /// otherwise run a multi-threaded call at one-thread speed for milliseconds after every pause. Workers are only
    /// pinned while the process is allowed a CPU per participating thread, never outside the CPUs it is allowed; switch
    /// it off where something else places threads (several processes sharing CPUs by hand, say).
    /// </summary>
    public static bool PinWorkerThreads
    {
        get => Volatile.Read(ref _pinWorkerThreads);
        set => Volatile.Write(ref _pinWorkerThreads, value);
    }

    /// <summary>Threads an operation uses when its options say 0. Defaults to the processor count.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public static int DefaultThreadCount
    {
        get => Volatile.Read(ref _defaultThreadCount);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _defaultThreadCount, value);
        }
    }

    /// <summary>0 → the default; otherwise the requested count (≥ 1).</summary>
    /// <param name="requested">Threads requested (0 = default).</param>
    /// <returns>The count to use.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public static int Resolve(int requested)
    {
        if (requested < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requested), requested, $"threads must be 0 (default) or at least 1; got {requested}.");
        }

        return requested == 0 ? DefaultThreadCount : requested;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every work item in [0, <paramref name="workItems"/>). Each item is run by exactly one
    /// thread, so as long as items write disjoint outputs, the result does not depend on <paramref name="threads"/>.
    /// </summary>
    /// <param name="workItems">Number of items.</param>
    /// <param name="threads">Threads to use (already resolved, ≥ 1), the calling thread included.</param>
    /// <param name="body">Work for one item.</param>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void For(int workItems, int threads, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var work = new ActionWork(body);
        For(workItems, threads, ref work);
    }

    /// <summary>
    /// Runs <paramref name="work"/>.<see cref="IWorkItem.Execute"/> for every item in [0, <paramref name="workItems"/>)
    /// on up to <paramref name="threads"/> threads (the caller included) and returns when all have finished. Each item is
    /// run exactly once, by one thread, so items that write disjoint outputs give the same result for any thread count.
    /// Allocates nothing: <paramref name="work"/> stays where the caller keeps it (normally its stack) and the pool's
    /// threads read it there. An exception thrown by an item stops the remaining items and is rethrown here.
    /// </summary>
    /// <typeparam name="TWork">The work struct.</typeparam>
    /// <param name="workItems">Number of items (≤ 0 does nothing).</param>
    /// <param name="threads">Threads to use (already resolved, ≥ 1).</param>
    /// <param name="work">What to do per item.</param>
    public static unsafe void For<TWork>(int workItems, int threads, ref TWork work)
        where TWork : struct, IWorkItem
    {
        if (workItems <= 0)
        {
            return;
        }

        if (threads <= 1 || workItems == 1)
        {
            for (var item = 0; item < workItems; item++)
            {
                work.Execute(item);
            }

            return;
        }

        // Pinning covers the case where the struct lives inside a heap object; on the stack it is a no-op.
        fixed (byte* state = &Unsafe.As<TWork, byte>(ref work))
        {
            WorkerPool.Shared.Run(workItems, threads, state, &Execute<TWork>);
        }
    }

    private static unsafe void Execute<TWork>(void* state, int item)
        where TWork : struct, IWorkItem => Unsafe.AsRef<TWork>(state).Execute(item);

    private readonly struct ActionWork(Action<int> body) : IWorkItem
    {
        public void Execute(int item) => body(item);
    }
}
