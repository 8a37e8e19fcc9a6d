namespace Depthwise.Diagnostics;

/// <summary>Where a working set lives.</summary>
public enum MemoryLevel
{
    /// <summary>Level-1 data cache.</summary>
    L1,

    /// <summary>Level-2 cache.</summary>
    L2,

    /// <summary>Last-level cache.</summary>
    L3,

    /// <summary>Main memory.</summary>
    Dram,
}
