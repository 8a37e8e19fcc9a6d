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
/// overwritten; only the item's last rows go through the slower partial store.
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
        if (count == DepthwiseConvKernel.PixelsPerBlock || offset + DepthwiseConvKernel.PixelsPerBlock <= _endPixel)
        {
            TSimd.StorePlanes(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7, _planes, offset, _lanes);
            return;
        }

        StorePartial(offset, count, pixel0, pixel1, pixel2, pixel3, pixel4, pixel5, pixel6, pixel7);
    }

    // A row narrower than a block: spill the registers and copy the pixels that exist. Kept out of Store so that Store,
    // free of stackalloc, can be inlined into the blocks.
    private void StorePartial(nint offset, int count, TVector pixel0, TVector pixel1, TVector pixel2, TVector pixel3, TVector pixel4, TVector pixel5, TVector pixel6, TVector pixel7)
    {
        var lanes = TSimd.Count;
        var pixels = stackalloc float[DepthwiseConvKernel.PixelsPerBlock * lanes];
        TSimd.Store(pixel0, pixels);
        TSimd.Store(pixel1, pixels + lanes);
        TSimd.Store(pixel2, pixels + (2 * lanes));
        TSimd.Store(pixel3, pixels + (3 * lanes));
        TSimd.Store(pixel4, pixels + (4 * lanes));
        TSimd.Store(pixel5, pixels + (5 * lanes));
        TSimd.Store(pixel6, pixels + (6 * lanes));
        TSimd.Store(pixel7, pixels + (7 * lanes));
        for (var lane = 0; lane < _lanes; lane++)
        {
            var destination = _planes[lane] + offset;
            for (var pixel = 0; pixel < count; pixel++)
            {
                destination[pixel] = pixels[(pixel * lanes) + lane];
            }
        }
    }
}
