using System.Diagnostics;

namespace Depthwise.Threading;

/// <summary>
/// Diagnostics for <see cref="WorkerPool"/>: where the threads of its parallel regions (one <see cref="WorkerPool.Run"/>
/// with helpers) spend the time around their items, summed over the regions since the last <see cref="Reset"/>. Set it
/// on the pool (<see cref="WorkerPool.Trace"/>) from the one thread that calls the pool while it is set; all times are
/// <see cref="Stopwatch"/> ticks.
/// </summary>
/// <remarks>
/// A region's wall time splits into the time the slower side (caller or helpers) runs items and the time the faster one
/// waits for it, so for a whole network <see cref="CallerWaitTicks"/> + <see cref="HelperIdleTicks"/> is the load
/// imbalance (thread time spent idle inside regions) and <see cref="ForkTicks"/> + <see cref="JoinTicks"/> the cost of the
/// hand-offs themselves.
/// </remarks>
internal sealed class RegionTrace
{
    /// <summary>Regions since the last <see cref="Reset"/> that <see cref="RegionsSinceReset"/> keeps one by one.</summary>
    public const int RecordedRegions = 256;

    private readonly RegionRecord[] _records = new RegionRecord[RecordedRegions];
    private long _lastJoined;

    /// <summary>Regions run with at least one helper posted.</summary>
    public long Regions { get; private set; }

    /// <summary>Items a helper ran (the caller ran the rest).</summary>
    public long HelperItems { get; private set; }

    /// <summary>Items of all traced regions.</summary>
    public long Items { get; private set; }

    /// <summary>Helpers posted whose post was taken back at the join (they never started: asleep or descheduled).</summary>
    public long MissedPosts { get; private set; }

    /// <summary>From the caller's first post to the region's end, summed.</summary>
    public long RegionTicks { get; private set; }

    /// <summary>From the post to each helper's start, summed over the helpers that started.</summary>
    public long ForkTicks { get; private set; }

    /// <summary>The caller's time between running out of items and the last helper's finish.</summary>
    public long CallerWaitTicks { get; private set; }

    /// <summary>Helpers' time between running out of items and the caller's running out, summed over helpers.</summary>
    public long HelperIdleTicks { get; private set; }

    /// <summary>From the last helper's finish (or the caller's, if later) to the caller's return from the join.</summary>
    public long JoinTicks { get; private set; }

    /// <summary>
    /// The first <see cref="RecordedRegions"/> regions since the last <see cref="Reset"/>, in order: for a model run (the
    /// same regions in the same order every run), which regions wait and how long the caller works alone between them.
    /// </summary>
    public ReadOnlySpan<RegionRecord> RegionsSinceReset => _records.AsSpan(0, (int)Math.Min(Regions, RecordedRegions));

    /// <summary>Sets every sum to zero and forgets the recorded regions.</summary>
    public void Reset()
    {
        Regions = HelperItems = Items = MissedPosts = 0;
        RegionTicks = ForkTicks = CallerWaitTicks = HelperIdleTicks = JoinTicks = 0;
        _lastJoined = 0;
        Array.Clear(_records);
    }

    /// <summary>
    /// Adds one helper of a region: when it started and finished its items and how many it ran, or that it never
    /// started; <paramref name="callerDone"/> is when the caller ran out of items.
    /// </summary>
    internal void AddHelper(bool started, long posted, long start, long end, long callerDone, int items)
    {
        if (!started)
        {
            MissedPosts++;
            return;
        }

        HelperItems += items;
        ForkTicks += start - posted;
        HelperIdleTicks += Math.Max(callerDone - end, 0);
        if (Regions < RecordedRegions)
        {
            ref var record = ref _records[Regions];
            record.HelperItems += items;
            record.HelperIdleTicks += Math.Max(callerDone - end, 0);
        }
    }

    /// <summary>
    /// Adds one region after its helpers: its items, when it was posted, when the caller ran out of items, when the last
    /// helper finished (0: none started) and when the caller returned from the join.
    /// </summary>
    internal void AddRegion(int items, long posted, long callerDone, long lastHelperEnd, long joined)
    {
        if (Regions < RecordedRegions)
        {
            ref var record = ref _records[Regions];
            record.Items = items;
            record.Ticks = joined - posted;
            record.CallerWaitTicks = Math.Max(lastHelperEnd - callerDone, 0);
            record.TicksSincePrevious = _lastJoined == 0 ? 0 : posted - _lastJoined;
        }

        _lastJoined = joined;
        Regions++;
        Items += items;
        RegionTicks += joined - posted;
        CallerWaitTicks += Math.Max(lastHelperEnd - callerDone, 0);
        JoinTicks += joined - Math.Max(lastHelperEnd, callerDone);
    }
}
