using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row driver for 3×3 stride-1 rows of 14·k pixels of blocked input streamed from DRAM (<see cref="PrefetchingFeed"/>):
/// the rolling strips (<see cref="Taps3x3Stride1Strip"/>) in bands of a few rows, the band's prefetches issued a share
/// before each strip.
/// </summary>
internal static unsafe partial class DepthwiseConvKernel
{
    /// <summary>
    /// Output rows per band when streaming. A band's strips reach the feed only between one another, and the feed's
    /// requests have to go out spread over the work: issued all at a band's start they ran batch 8 at half the speed,
    /// so bands are short and the band's strips issue the next rows' lines in equal shares. Against the row pairs with the feed
    /// (docs/kernels.md, "Session 18: batch 8"), 4 rows measured best and steadiest; 2 rows (twice the loads per FMA)
    /// as fast in some runs and slower in others, 6 to 16 rows slower.
    /// </summary>
    private const int StreamingBandRows = 4;

    // one channel block, 3×3 stride 1, blocked rows of 14·k pixels that RollingRowsFit, read from DRAM: input (H, W, lanes)
    // → output rows [firstRow, endRow) through `output`, endRow − firstRow ≥ 2, band by band, in each band the strips
    // left to right, each after its share of the prefetches the band's rows asked for (the rows RowsAhead further on)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StreamingRollingRows<TSimd, TVector, TOutput, TActivation>(
        float* input,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref PrefetchingFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var outputWidth = dimensions.Geometry.OutputWidth;
        var height = dimensions.Geometry.InputHeight;
        var lastStrip = outputWidth - Taps3x3Stride1Strip.Pixels;
        var strips = outputWidth / Taps3x3Stride1Strip.Pixels;
        for (var bandFirst = firstRow; bandFirst < endRow;)
        {
            // A band never ends one row before the item does: the strips need two rows.
            var bandEnd = endRow - bandFirst <= StreamingBandRows + 1 ? endRow : bandFirst + StreamingBandRows;
            for (var y = bandFirst; y < bandEnd; y++)
            {
                feed.BeginRow(y);
            }

            feed.StepShare(strips);
            Taps3x3Stride1Strip.Band<TSimd, TVector, PaddedEnds.First, TOutput, TActivation>(input, rowStride, weights, bias, height, bandFirst, bandEnd, 0, ref output, activation);
            var stripsLeft = strips - 1;
            for (var x = Taps3x3Stride1Strip.Pixels; x < lastStrip; x += Taps3x3Stride1Strip.Pixels)
            {
                feed.StepShare(stripsLeft--);
                Taps3x3Stride1Strip.Band<TSimd, TVector, PaddedEnds.None, TOutput, TActivation>(input, rowStride, weights, bias, height, bandFirst, bandEnd, x, ref output, activation);
            }

            feed.StepShare(1);
            Taps3x3Stride1Strip.Band<TSimd, TVector, PaddedEnds.Last, TOutput, TActivation>(input, rowStride, weights, bias, height, bandFirst, bandEnd, lastStrip, ref output, activation);
            bandFirst = bandEnd;
        }
    }
}
