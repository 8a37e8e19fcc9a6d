namespace Depthwise.Diagnostics;

/// <summary>The memory-bandwidth pattern a probe runs.</summary>
public enum BandwidthKind
{
    /// <summary>b = a: one read stream, one write stream.</summary>
    Copy,

    /// <summary>a = b + s·c: two read streams, one write stream (STREAM's triad).</summary>
    Triad,
}
