namespace Depthwise.Threading;

/// <summary>The process-wide default thread count and the rule that turns a requested count into a real one.</summary>
public static class Parallelism
{
    private static int _defaultThreadCount = Environment.ProcessorCount;

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
    /// <param name="threads">Threads to use (already resolved, ≥ 1).</param>
    /// <param name="body">Work for one item.</param>
    public static void For(int workItems, int threads, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (threads <= 1 || workItems <= 1)
        {
            for (var item = 0; item < workItems; item++)
            {
                body(item);
            }

            return;
        }

        Parallel.For(0, workItems, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
