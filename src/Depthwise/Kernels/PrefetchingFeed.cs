using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// Input read in place (blocked or channels-last, like <see cref="DirectFeed"/>) by a call that streams from DRAM:
/// before each output row it prefetches the input rows the kernel will first read <see cref="RowsAhead"/> rows later.
/// </summary>
/// <remarks>
/// One channel block's row of a 56² layer is 3.5 KB, less than a 4 KiB page, and the hardware prefetchers start each
/// page's stream over after a few misses; asking for the rows ahead explicitly made <c>bench</c>'s batch-8 144×56²
/// layer (one thread, beyond the L3) 1.35–2.4× faster in alternated runs. Calls whose data is cached gain nothing from
/// it (batch-1 56² and 112² layers measured 0–20 % slower), so only streaming calls use this feed, the ones that store
/// with <see cref="NonTemporalStores"/> (which also guarantees the SSE prefetch instruction exists).
/// </remarks>
internal readonly unsafe struct PrefetchingFeed : IDepthwiseFeed
{
    /// <summary>
    /// Input rows between the newest row an output row reads and the newest one prefetched for it: 2, 4 and 8 measured
    /// alike; 2 keeps the fewest lines waiting in the caches.
    /// </summary>
    public const int RowsAhead = 2;

    private readonly byte* _input;
    private readonly nint _rowBytes;
    private readonly nint _step;
    private readonly int _inputHeight;
    private readonly int _strideHeight;
    private readonly int _newestRowOffset;

    /// <param name="input">Pixel (0, 0) of the channel block in the image.</param>
    /// <param name="pixelStride">Floats between neighbouring pixels (lanes when blocked, C when channels-last).</param>
    /// <param name="geometry">The call's geometry.</param>
    public PrefetchingFeed(float* input, nint pixelStride, in ConvGeometry geometry)
    {
        _input = (byte*)input;
        _rowBytes = (nint)geometry.InputWidth * pixelStride * sizeof(float);

        // Blocked rows are contiguous: one prefetch per line. Channels-last pixels lie further apart than a line: one
        // prefetch per pixel, at the block's channels.
        _step = Math.Max(64, pixelStride * sizeof(float));
        _inputHeight = geometry.InputHeight;
        _strideHeight = geometry.Stride.Height;
        _newestRowOffset = ((geometry.Kernel.Height - 1) * geometry.Dilation.Height) - geometry.PadTop;
    }

    public void BeginRow(int outputRow)
    {
        // Each output row reads sH input rows its predecessor did not; prefetch those of the row RowsAhead further on.
        var newest = (outputRow * _strideHeight) + _newestRowOffset + RowsAhead;
        var first = Math.Max(newest - _strideHeight + 1, 0);
        var end = Math.Min(newest + 1, _inputHeight);
        for (var row = first; row < end; row++)
        {
            var start = _input + (row * _rowBytes);
            for (nint offset = 0; offset < _rowBytes; offset += _step)
            {
                Sse.Prefetch0(start + offset);
            }
        }
    }

    public void Step()
    {
    }
}
