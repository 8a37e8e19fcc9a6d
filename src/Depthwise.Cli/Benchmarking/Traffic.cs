namespace Depthwise.Cli.Benchmarking;

/// <summary>The bytes one call of a layer reads and writes (inputs and weights in, outputs out), each counted once.</summary>
internal readonly record struct Traffic(long Read, long Written)
{
    public long Total => Read + Written;

    /// <summary>
    /// Bytes the cache hierarchy actually transfers for this traffic with ordinary stores: every written line is first
    /// read for ownership, so each written byte crosses twice.
    /// </summary>
    public long MovedWithCachedStores => Read + (2 * Written);
}
