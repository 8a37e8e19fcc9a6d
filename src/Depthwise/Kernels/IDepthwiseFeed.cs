namespace Depthwise.Kernels;

/// <summary>
/// Produces the blocked input rows a work item reads, interleaved with the convolution. The planar (NCHW) feed
/// transposes planes into a blocked band a few pixels at a time between output blocks, so its shuffles issue alongside
/// the kernel's FMAs instead of in a separate pass; inputs already blocked use <see cref="DirectFeed"/>, which does nothing.
/// </summary>
internal interface IDepthwiseFeed
{
    /// <summary>Called before output row <paramref name="outputRow"/>: every input row it reads must be ready on return.</summary>
    void BeginRow(int outputRow);

    /// <summary>Called before each block of output pixels: a chance to prepare some of the next row's input.</summary>
    void Step();
}
