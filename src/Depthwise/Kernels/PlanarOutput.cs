using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// Output pixels transposed into planes (NCHW) as they are produced: lane i of the channel block goes to
/// <c>planes[i] + y·Wo + x</c>. The transpose runs inside the block, next to the FMAs, so the output is written once,
/// straight to its final place, with no blocked intermediate.
/// </summary>
/// <remarks>
/// Rows narrower than a block (Wo &lt; 8) are stored eight pixels at a time all the same, as long as the pixels past the
/// row's end land on rows this work item writes later (in a plane, row y + 1 starts right after row y), where they are
/// overwritten; only the item's last rows store just their own pixels.
/// </remarks>
internal readonly unsafe struct PlanarOutput<TSimd, TVector> : IDepthwiseOutput<TVector>
    where TSimd : struct, ISimdFloat<TVector>
    where TVector : struct
{
    private readonly float** _planes;
    private readonly int _outputWidth;
    private readonly int _lanes;
    private readonly nint _endPixel;

    /// <param name="planes">One output plane per lane, at pixel (0, 0).</param>
    /// <param name="outputWidth">Wo.</param>
    /// <param name="lanes">Lanes that are real channels (fewer than the register in the last block of an odd channel count).</param>
    /// <param name="endRow">One past the last output row the work item writes.</param>
    public PlanarOutput(float** planes, int outputWidth, int lanes, int endRow)
    {
        _planes = planes;
        _outputWidth = outputWidth;
        _lanes = lanes;
        _endPixel = (nint)endRow * outputWidth;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int y, int x, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7)
    {
        var offset = ((nint)y * _outputWidth) + x;
        // Pixels past a narrow row's end land on the next row, which this item writes later, unless it is the item's last.
        var stored = offset + DepthwiseConvKernel.PixelsPerBlock <= _endPixel ? DepthwiseConvKernel.PixelsPerBlock : count;
        TSimd.StorePlanes(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, _planes, offset, _lanes, stored);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreExactly(int y, int x, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7) =>
        TSimd.StorePlanes(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, _planes, ((nint)y * _outputWidth) + x, _lanes, count);
}
