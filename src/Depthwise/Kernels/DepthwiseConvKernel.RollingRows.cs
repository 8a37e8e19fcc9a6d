using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row driver for 3×3 stride-1 rows of 14·k pixels of blocked input: strips of 7 pixels walked down bands of rows
/// (<see cref="Taps3x3Stride1Strip"/>). Rows of 28+ pixels written in place take the input window instead
/// (<see cref="WindowRows"/>), which leaves the strips 14-pixel rows, planar outputs and a window item's last 1–3 rows.
/// </summary>
internal static unsafe partial class DepthwiseConvKernel
{
    /// <summary>
    /// Input bytes of a band of rows. A strip walks the band's rows top to bottom and the next strip walks them again,
    /// so the band's input rows should still be in L2 (1 MiB) when the next strip needs them, next to the output
    /// rows and whatever else streams through; each band restarts the rolling with its top two input rows. A quarter of
    /// the L2 takes 14², 28² and 56² planes whole and 112² planes in bands of 34 rows: measured against bands of 8
    /// and 16 rows, whole planes were 0–15 % faster on 28² and 56², and bands of 16 and 34 rows on 112² the same
    /// (docs/kernels.md, "Session 17: 3×3 stride 1 — rolling rows").
    /// </summary>
    private const int BandBytes = 256 * 1024;

    /// <summary>
    /// Whether <see cref="Rows"/> computes a 3×3 stride-1 problem that <see cref="RunsFit"/> and
    /// <see cref="RowPairsFit"/> in strips of 7 walked down bands of rows: blocked input, whose pixels are one register
    /// apart, so every column's offset folds into its load's displacement.
    /// </summary>
    public static bool RollingRowsFit(in DepthwiseConvDimensions dimensions, nint pixelStride, int lanes) =>
        pixelStride == lanes && RunsFit<Taps3x3Stride1Run>(dimensions, lanes) && RowPairsFit(dimensions);

    // one channel block, 3×3 stride 1, blocked rows of 14·k pixels that RollingRowsFit: input (H, W, lanes) → output
    // rows [firstRow, endRow) through `output`, band by band, in each band the strips left to right; a work item of one
    // row takes the 14-pixel runs
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RollingRows<TSimd, TVector, TFeed, TOutput, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var outputWidth = dimensions.Geometry.OutputWidth;
        var height = dimensions.Geometry.InputHeight;
        if (endRow - firstRow == 1)
        {
            RunRow<TSimd, TVector, Taps3x3Stride1Run, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, outputWidth, firstRow, ref feed, ref output, activation);
            return;
        }

        var lastStrip = outputWidth - Taps3x3Stride1Strip.Pixels;
        var bandRows = Math.Max(2, (BandBytes / (int)(rowStride * sizeof(float))) - 2);
        for (var bandFirst = firstRow; bandFirst < endRow;)
        {
            // A band never ends one row before the item does: the strips need two rows.
            var bandEnd = endRow - bandFirst <= bandRows + 1 ? endRow : bandFirst + bandRows;
            for (var y = bandFirst; y < bandEnd; y++)
            {
                feed.BeginRow(y);
            }

            Taps3x3Stride1Strip.Band<TSimd, TVector, PaddedEnds.First, TOutput, TActivation>(input, rowStride, weights, bias, height, bandFirst, bandEnd, 0, ref output, activation);
            for (var x = Taps3x3Stride1Strip.Pixels; x < lastStrip; x += Taps3x3Stride1Strip.Pixels)
            {
                Taps3x3Stride1Strip.Band<TSimd, TVector, PaddedEnds.None, TOutput, TActivation>(input, rowStride, weights, bias, height, bandFirst, bandEnd, x, ref output, activation);
            }

            Taps3x3Stride1Strip.Band<TSimd, TVector, PaddedEnds.Last, TOutput, TActivation>(input, rowStride, weights, bias, height, bandFirst, bandEnd, lastStrip, ref output, activation);
            bandFirst = bandEnd;
        }
    }
}
