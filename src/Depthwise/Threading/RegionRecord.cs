namespace Depthwise.Threading;

/// <summary>
/// One traced parallel region (<see cref="RegionTrace.RegionsSinceReset"/>); times in <see cref="System.Diagnostics.Stopwatch"/> ticks.
/// </summary>
internal struct RegionRecord
{
    /// <summary>Items of the region.</summary>
    public int Items;

    /// <summary>Items helpers ran.</summary>
    public int HelperItems;

    /// <summary>From the caller's first post to its return from the join.</summary>
    public long Ticks;

    /// <summary>The caller's time between running out of items and the last helper's finish.</summary>
    public long CallerWaitTicks;

    /// <summary>Helpers' time between running out of items and the caller's running out, summed over helpers.</summary>
    public long HelperIdleTicks;

    /// <summary>From the previous region's end to this region's post (0 for the first since the reset): the caller alone.</summary>
    public long TicksSincePrevious;
}
