namespace Depthwise.Diagnostics;

/// <summary>The memory-bandwidth pattern a probe runs.</summary>
public enum BandwidthKind
{
    /// <summary>b = a: one read stream, one write stream.</summary>
    Copy,

    /// <summary>a = b + s·c: two read streams, one write stream (STREAM's triad).</summary>
    Triad,

    /// <summary>
    /// b = a with non-temporal stores (x64; a plain copy elsewhere): written lines go to memory without being read for
    /// ownership first, as a kernel that streams an output larger than the caches writes them.
    /// </summary>
    StreamingCopy,
}
