using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Depthwise.Threading;

/// <summary>
/// Persistent worker threads for <see cref="Parallelism"/>: a call posts its job to as many workers as it wants helpers,
/// runs items itself, and waits for the helpers it posted to. A worker that finds nothing posted spins for
/// <see cref="SpinTime"/> (back-to-back layers of a network arrive within microseconds) and then sleeps on a semaphore,
/// like ONNX Runtime's thread pool. No allocation per call; a call that arrives while the pool serves another caller
/// (a second thread, or a work item that itself calls <see cref="Parallelism"/>) runs its items on its own thread.
/// </summary>
/// <remarks>
/// Items are split into one contiguous range per participating thread (the caller is participant 0, helper h is
/// h + 1), so a thread works on the same data on every call of a repeated layer and finds it in its own cache. A
/// thread that finishes its range takes items one at a time from the others' ranges, so a helper that is late or
/// descheduled holds up the call by at most the item it is running.
/// <para>
/// Where the platform allows it (<see cref="CpuAffinity"/>) and <see cref="Parallelism.PinWorkerThreads"/> is set, each
/// call keeps helper h on the h-th allowed CPU after the caller's: a guest scheduler that packs a woken thread onto its
/// waker's CPU would otherwise queue the helper behind the caller for milliseconds after every pause. The caller is
/// never pinned (it is the user's thread); a helper is re-pinned only when the caller has moved, one system call.
/// </para>
/// </remarks>
internal sealed unsafe class WorkerPool
{
    /// <summary>
    /// How long an idle worker spins before sleeping. Waking a sleeping thread costs 10–50 µs on Linux, more than a
    /// small depthwise layer takes; 50 µs covers the gap between consecutive layers without burning a core for long.
    /// </summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMicroseconds(50);

    /// <summary>Most helper threads the pool will start; a request for more threads runs with this many helpers.</summary>
    public const int MaximumHelpers = 63;

    private readonly object _growLock = new();
    private Worker[] _workers = [];
    private int _busy;

    // The current job, written by the caller before it posts and read by the workers it posted to.
    private void* _state;
    private delegate*<void*, int, void> _body;
    private int _items;
    private int _participants;
    private ExceptionDispatchInfo? _failure;

    // The CPUs the first caller was allowed (null until a call with helpers; empty where pinning is unsupported or
    // failed once), which helpers are pinned among.
    private int[]? _allowedCpus;

    // Next unclaimed item of each participant's range, one cache line apart so that owners claim without contention.
    private readonly PaddedCounter[] _next = new PaddedCounter[MaximumHelpers + 1];

    public static WorkerPool Shared { get; } = new();

    /// <summary>
    /// Diagnostics: when set, every call run with helpers adds its hand-off and wait times here. Set and read it only
    /// from the one thread that calls the pool meanwhile (the profiler of a model run).
    /// </summary>
    public RegionTrace? Trace { get; set; }

    /// <summary>Helper threads started so far.</summary>
    public int HelperCount => Volatile.Read(ref _workers).Length;

    /// <summary>
    /// Calls <paramref name="body"/>(<paramref name="state"/>, item) for every item in [0, <paramref name="items"/>), each
    /// exactly once, on up to <paramref name="threads"/> threads (the caller included), and returns when all are done.
    /// </summary>
    public void Run(int items, int threads, void* state, delegate*<void*, int, void> body)
    {
        var helpers = Math.Min(Math.Min(threads, items) - 1, MaximumHelpers);
        if (helpers <= 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (var item = 0; item < items; item++)
            {
                body(state, item);
            }

            return;
        }

        try
        {
            var workers = EnsureWorkers(helpers);
            _state = state;
            _body = body;
            _items = items;
            _participants = helpers + 1;
            _failure = null;
            for (var participant = 0; participant <= helpers; participant++)
            {
                _next[participant].Value = RangeStart(participant);
            }

            PlaceHelpers(workers, helpers);
            Interlocked.MemoryBarrier();
            var trace = Trace;
            var posted = trace is null ? 0 : Stopwatch.GetTimestamp();
            for (var helper = 0; helper < helpers; helper++)
            {
                workers[helper].Post();
            }

            RunItems(0);
            var callerDone = trace is null ? 0 : Stopwatch.GetTimestamp();
            for (var helper = 0; helper < helpers; helper++)
            {
                workers[helper].Join();
            }

            if (trace is not null)
            {
                AddToTrace(trace, workers, helpers, posted, callerDone);
            }

            _failure?.Throw();
        }
        finally
        {
            _state = null;
            Volatile.Write(ref _busy, 0);
        }
    }

    // Helper h goes on the h-th allowed CPU after the caller's, while there are enough CPUs for every participant;
    // otherwise (or with pinning switched off) helpers run wherever they were allowed to at first.
    private void PlaceHelpers(Worker[] workers, int helpers)
    {
        var allowed = _allowedCpus ??= CpuAffinity.AllowedCpusOfCurrentThread();
        if (allowed.Length == 0)
        {
            return;
        }

        var callerIndex = Parallelism.PinWorkerThreads && helpers < allowed.Length
            ? Array.IndexOf(allowed, CpuAffinity.CurrentCpu())
            : -1;
        for (var helper = 0; helper < helpers; helper++)
        {
            var placed = callerIndex < 0
                ? workers[helper].Unpin(allowed)
                : workers[helper].Pin(allowed[(callerIndex + helper + 1) % allowed.Length]);
            if (!placed)
            {
                // The kernel refused (e.g. the process's CPUs changed since): stop placing threads for good.
                _allowedCpus = [];
                return;
            }
        }
    }

    private void AddToTrace(RegionTrace trace, Worker[] workers, int helpers, long posted, long callerDone)
    {
        var joined = Stopwatch.GetTimestamp();
        var lastHelperEnd = 0L;
        for (var helper = 0; helper < helpers; helper++)
        {
            var worker = workers[helper];
            trace.AddHelper(worker.Started, posted, worker.StartTicks, worker.EndTicks, callerDone, worker.ItemsRun);
            lastHelperEnd = worker.Started ? Math.Max(lastHelperEnd, worker.EndTicks) : lastHelperEnd;
        }

        trace.AddRegion(_items, posted, callerDone, lastHelperEnd, joined);
    }

    /// <summary>Diagnostics: helper <paramref name="helper"/>'s kernel thread id (0 until it started) and the CPU it is pinned to (-1: none).</summary>
    internal (int ThreadId, int PinnedCpu) HelperPlacement(int helper) => Volatile.Read(ref _workers)[helper].Placement;

    private int RangeStart(int participant) => (int)((long)participant * _items / _participants);

    // Own range first, then help the others, each claim one atomic increment of that range's counter. Returns the
    // items this participant ran.
    private int RunItems(int participant)
    {
        var ran = 0;
        var participants = _participants;
        var body = _body;
        var state = _state;
        for (var offset = 0; offset < participants; offset++)
        {
            var range = (participant + offset) % participants;
            var end = RangeStart(range + 1);
            while (true)
            {
                var item = Interlocked.Increment(ref _next[range].Value) - 1;
                if (item >= end)
                {
                    break;
                }

                try
                {
                    body(state, (int)item);
                    ran++;
                }
                catch (Exception exception)
                {
                    // Stop handing out items and let the caller rethrow the first failure.
                    for (var other = 0; other < participants; other++)
                    {
                        Volatile.Write(ref _next[other].Value, _items);
                    }

                    Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(exception), null);
                    return ran;
                }
            }
        }

        return ran;
    }

    private Worker[] EnsureWorkers(int helpers)
    {
        var workers = Volatile.Read(ref _workers);
        if (workers.Length >= helpers)
        {
            return workers;
        }

        lock (_growLock)
        {
            workers = _workers;
            if (workers.Length < helpers)
            {
                var grown = new Worker[helpers];
                workers.CopyTo(grown, 0);
                for (var index = workers.Length; index < helpers; index++)
                {
                    grown[index] = new Worker(this, index);
                }

                Volatile.Write(ref _workers, grown);
                workers = grown;
            }

            return workers;
        }
    }

    private sealed class Worker
    {
        private const int Idle = 0;
        private const int Posted = 1;
        private const int Running = 2;

        private readonly WorkerPool _pool;
        private readonly int _participant;
        private readonly SemaphoreSlim _wake = new(0);
        private int _status;
        private int _sleeping;

        // The kernel's id of this thread (0 until it has started) and the one CPU it is pinned to (-1: not pinned).
        private int _threadId;
        private int _pinnedCpu = -1;

        // Diagnostics of the last job (RegionTrace), written only while the pool is traced, read by the caller after Join.
        public bool Started { get; private set; }

        public long StartTicks { get; private set; }

        public long EndTicks { get; private set; }

        public int ItemsRun { get; private set; }

        public Worker(WorkerPool pool, int index)
        {
            _pool = pool;
            _participant = index + 1;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Depthwise worker {index + 1}" };
            thread.Start();
        }

        public (int ThreadId, int PinnedCpu) Placement => (Volatile.Read(ref _threadId), _pinnedCpu);

        // Pin and Unpin run on the caller's thread before Post; false when the kernel refused.
        public bool Pin(int cpu)
        {
            var threadId = Volatile.Read(ref _threadId);
            if (cpu == _pinnedCpu || threadId == 0)
            {
                return true;
            }

            _pinnedCpu = CpuAffinity.TryPin(threadId, cpu) ? cpu : -1;
            return _pinnedCpu == cpu;
        }

        public bool Unpin(int[] allowed)
        {
            if (_pinnedCpu < 0)
            {
                return true;
            }

            _pinnedCpu = -1;
            return CpuAffinity.TrySet(_threadId, allowed);
        }

        public void Post()
        {
            Volatile.Write(ref _status, Posted);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _wake.Release();
            }
        }

        // Returns once this worker can no longer touch the job: either it never started it (the post is taken back,
        // so a worker still asleep costs no wake-up latency) or it finished.
        public void Join()
        {
            if (Interlocked.CompareExchange(ref _status, Idle, Posted) == Posted)
            {
                Started = false;
                return;
            }

            var spinner = default(SpinWait);
            while (Volatile.Read(ref _status) != Idle)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        private void Loop()
        {
            Volatile.Write(ref _threadId, CpuAffinity.CurrentThreadId());
            while (true)
            {
                WaitForPost();
                if (Interlocked.CompareExchange(ref _status, Running, Posted) != Posted)
                {
                    continue;
                }

                if (_pool.Trace is null)
                {
                    _pool.RunItems(_participant);
                }
                else
                {
                    StartTicks = Stopwatch.GetTimestamp();
                    ItemsRun = _pool.RunItems(_participant);
                    EndTicks = Stopwatch.GetTimestamp();
                    Started = true;
                }

                Volatile.Write(ref _status, Idle);
            }
        }

        private void WaitForPost()
        {
            var spinUntil = Stopwatch.GetTimestamp() + (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
            while (Volatile.Read(ref _status) != Posted)
            {
                if (Stopwatch.GetTimestamp() < spinUntil)
                {
                    Thread.SpinWait(8);
                    continue;
                }

                // Announce the sleep, then look once more: a caller posting in between either sees the flag and
                // releases the semaphore, or posted before the flag and is seen here (both sides use full fences).
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _status) == Posted)
                {
                    Interlocked.Exchange(ref _sleeping, 0);
                    return;
                }

                _wake.Wait();
                spinUntil = Stopwatch.GetTimestamp() + (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
            }
        }
    }

    // 64 bytes: a counter per cache line.
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct PaddedCounter
    {
        // A long, so that claims past the end of a range of up to int.MaxValue items cannot overflow.
        [FieldOffset(0)]
        public long Value;
    }
}
