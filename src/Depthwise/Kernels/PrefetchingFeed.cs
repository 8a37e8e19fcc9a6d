using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <summary>
/// Input read in place (blocked or channels-last, like <see cref="DirectFeed"/>) by a call that streams from DRAM: it
/// prefetches the input rows the kernel will first read <see cref="RowsAhead"/> output rows later, a group of lines
/// at each <see cref="Step"/> between the kernel's pixel blocks (or a share at each <see cref="StepShare"/> between
/// the 3×3 strips of a band), and past the item's last row into the memory after it up to a limit the caller sets
/// (the next item's plane when items are whole planes of blocked data).
/// </summary>
/// <remarks>
/// One core alone keeps too few of its own misses in flight to stream from DRAM while it computes: the kernel with no
/// prefetch was 3.8× slower, and a burst of the prefetches of a whole row before each row left the DRAM stream idle
/// while the row computed (the kernel's time was about its copy time plus its compute time). Spreading the same
/// prefetches over the row's pixel blocks, further ahead, and carrying them across into the next plane (whose first
/// rows a burst per row never fetched) keeps requests going out while the FMAs run; see docs/kernels.md, "Session
/// 17: batch 8". Calls whose data is cached gain nothing from prefetching (batch-1 56² and 112² layers measured 0–20 %
/// slower), so only streaming calls use this feed, the ones that store with <see cref="NonTemporalStores"/> (which
/// also guarantees the SSE prefetch instruction exists).
/// </remarks>
internal unsafe struct PrefetchingFeed : IDepthwiseFeed
{
    /// <summary>
    /// Output rows between the row being computed and the one whose new input rows are being prefetched: 8 and 16
    /// measured alike and a little faster than 2 and 4 once the prefetches are spread; 8 rows of a 56² block plane
    /// (28 KB) wait in the caches.
    /// </summary>
    public const int RowsAhead = 8;

    // Lines prefetched together at a step: unrolled, so that a step costs a few instructions beside the kernel's FMAs.
    private const int LinesPerGroup = 8;

    private readonly byte* _input;
    private readonly byte* _limit;
    private readonly nint _rowBytes;
    private readonly nint _step;
    private readonly int _strideHeight;
    private readonly int _newestRowOffset;
    private readonly int _groupsPerStep;

    // The next line to prefetch and the end of the lines the rows begun so far asked for.
    private byte* _next;
    private byte* _end;

    /// <param name="input">Pixel (0, 0) of the channel block in the image.</param>
    /// <param name="pixelStride">Floats between neighbouring pixels (lanes when blocked, C when channels-last).</param>
    /// <param name="geometry">The call's geometry.</param>
    /// <param name="limit">No line at or past this address is prefetched: the end of this plane, or of the input when the rows after the plane are the next item's.</param>
    public PrefetchingFeed(float* input, nint pixelStride, in ConvGeometry geometry, float* limit)
    {
        _input = (byte*)input;
        _limit = (byte*)limit;
        _rowBytes = (nint)geometry.InputWidth * pixelStride * sizeof(float);

        // Blocked rows are contiguous: one prefetch per line. Channels-last pixels lie further apart than a line: one
        // prefetch per pixel, at the block's channels.
        _step = Math.Max(64, pixelStride * sizeof(float));
        _strideHeight = geometry.Stride.Height;
        _newestRowOffset = ((geometry.Kernel.Height - 1) * geometry.Dilation.Height) - geometry.PadTop;

        // The kernels step once per block of output pixels: enough groups per step to cover an output row's sH new
        // input rows within the row (whatever a row driver leaves is issued at the next row's start).
        var linesPerRow = ((_rowBytes + _step - 1) / _step) * _strideHeight;
        var stepsPerRow = (geometry.OutputWidth + DepthwiseConvKernel.PixelsPerBlock - 1) / DepthwiseConvKernel.PixelsPerBlock;
        _groupsPerStep = (int)Math.Max(1, (linesPerRow + ((nint)stepsPerRow * LinesPerGroup) - 1) / ((nint)stepsPerRow * LinesPerGroup));
        _next = null;
        _end = null;
    }

    public void BeginRow(int outputRow)
    {
        // Each output row reads sH input rows its predecessor did not; ask for those of the row RowsAhead further on.
        var newest = (outputRow * _strideHeight) + _newestRowOffset + RowsAhead;
        var first = Math.Max(newest - _strideHeight + 1, 0);
        var available = (nint)(_limit - _input);
        var from = _input + Math.Min(first * _rowBytes, available);
        var to = _input + Math.Min((newest + 1) * _rowBytes, available);
        if (from != _end)
        {
            // Not where the last request ended (the item's first row, or rows a driver skipped): finish the old one now.
            for (; _next < _end; _next += _step)
            {
                Sse.Prefetch0(_next);
            }

            _next = from;
        }

        _end = to;
    }

    public void Step()
    {
        for (var group = 0; group < _groupsPerStep && _next < _end; group++)
        {
            var line = _next;
            var step = _step;
            if (_end - line < LinesPerGroup * step)
            {
                // The request's last lines, fewer than a group.
                for (; line < _end; line += step)
                {
                    Sse.Prefetch0(line);
                }

                _next = line;
                return;
            }

            Sse.Prefetch0(line);
            Sse.Prefetch0(line + step);
            Sse.Prefetch0(line + (2 * step));
            Sse.Prefetch0(line + (3 * step));
            Sse.Prefetch0(line + (4 * step));
            Sse.Prefetch0(line + (5 * step));
            Sse.Prefetch0(line + (6 * step));
            Sse.Prefetch0(line + (7 * step));
            _next = line + (LinesPerGroup * step);
        }
    }

    /// <summary>
    /// For drivers that step between strips of a few rows rather than between a row's pixel blocks: issues 1 /
    /// <paramref name="parts"/> of the lines asked for and not yet issued (rounded up), into L2 rather than L1.
    /// </summary>
    /// <remarks>
    /// The 3×3 stride-1 strips of a band of rows re-read its input lines from L1 strip after strip; prefetched into L1
    /// as well, lines a band or two ahead pushed them out: `prefetcht1` ran batch 8 2–14 % faster than `prefetcht0`
    /// (docs/kernels.md, "Session 18: batch 8"). A step here comes once per strip, a few hundred FMAs apart, so one
    /// bounds test per line costs nothing that shows.
    /// </remarks>
    public void StepShare(int parts)
    {
        var line = _next;
        var stop = line + (((((_end - line) / _step) + parts - 1) / parts) * _step);
        for (; line < stop; line += _step)
        {
            Sse.Prefetch1(line);
        }

        _next = line;
    }
}
