using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row drivers for 3×3 and 5×5 stride-2 rows of 7, 14, 28, 42 or 56 output pixels, cut into runs of 14 or
/// computed as whole rows of 7 (<see cref="Taps3x3Stride2Run"/>, <see cref="Taps5x5Stride2Run"/>; rows of 7 two or
/// three at a time), each call given only its output row and the block's <see cref="ChannelBlockRows"/>, built once
/// per work item by the driver (built in <see cref="Rows"/> and passed by reference, 3×3 rows of 7 read 0–7 % slower;
/// docs/kernels.md, "Session 17").
/// </summary>
internal static unsafe partial class DepthwiseConvKernel
{
    /// <summary>
    /// Widest stride-2 row computed in runs. Rows of 56 are seven whole eight-pixel blocks, which compute nothing twice,
    /// but the runs prefetch their next input rows and the blocks do not: in one process, runs read 0.96–1.09 of the
    /// blocks' speed (medians 1.02–1.05) on 96 and 64×112², and 0.81–1.37 (medians 1.04–1.21) on 16×112², whose 1 MB
    /// swings with where its pages land in the L2 (docs/kernels.md, "Session 18: stride 2"; session 15 had read
    /// 0.98–1.04 there).
    /// </summary>
    private const int MaximumStride2RunRowWidth = 56;

    /// <summary>
    /// Whether <see cref="Rows"/> computes a stride-2 problem of <typeparamref name="TRunTaps"/>'s kernel in runs: 16-lane
    /// registers (AVX-512 has the 32 registers a run needs), stride 2 and dilation 1 across, rows of 7 or of 14·k
    /// pixels up to <see cref="MaximumStride2RunRowWidth"/>, and padding columns only among a row's first and last
    /// kernel-width − 1 input columns (any "same" or "valid" padding), the only ones a run tests.
    /// </summary>
    public static bool Stride2RunsFit<TRunTaps>(in DepthwiseConvDimensions dimensions, int lanes)
        where TRunTaps : struct, IDepthwiseStride2RunTaps
    {
        var geometry = dimensions.Geometry;
        var width = geometry.OutputWidth;
        var size = TRunTaps.KernelSize;
        var padRight = (2 * (width - 1)) + size - geometry.PadLeft - geometry.InputWidth;
        return lanes == 16 && geometry.Kernel.Width == size && geometry.Stride.Width == 2 && geometry.Dilation.Width == 1
            && (width == 7 || (width % 14 == 0 && width <= MaximumStride2RunRowWidth))
            && geometry.PadLeft < size && padRight < size;
    }

    // one channel block, 3×3 or 5×5 stride 2, rows that Stride2RunsFit → the run driver for their width
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Stride2Rows<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(
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
        where TRunTaps : struct, IDepthwiseStride2RunTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (dimensions.Geometry.OutputWidth == 7)
        {
            Stride2SevenPixelRows<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        Stride2RunRows<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
    }

    // one channel block, stride 2, rows of 7 that Stride2RunsFit: input (H, W, lanes) → output rows [firstRow, endRow)
    // through `output`, two or three rows at a time (at vertical stride 2 a row pair sharing input rows, and a third row
    // alone; 5×5 at other vertical strides: 14 or 21 accumulator chains in step); not inlined into Rows, for the reason
    // at BlockRows
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Stride2SevenPixelRows<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(
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
        where TRunTaps : struct, IDepthwiseStride2RunTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // The rows' shared part is built once; a row or group is its first output row.
        var block = new ChannelBlockRows(input, pixelStride, rowStride, weights, bias, dimensions);

        // Two rows at a time, the last three together (7 rows: 2 + 2 + 3), so that only a work item of one row runs a row
        // alone.
        var first = firstRow;
        while (first < endRow)
        {
            var left = endRow - first;
            feed.BeginRow(first);
            feed.Step();
            if (left == 1)
            {
                TRunTaps.RunSevenRows<TSimd, TVector, GemmCount.One, TOutput, TActivation>(block, first, ref output, activation);
                return;
            }

            feed.BeginRow(first + 1);
            feed.Step();
            if (left == 3)
            {
                feed.BeginRow(first + 2);
                feed.Step();
                TRunTaps.RunSevenRows<TSimd, TVector, GemmCount.Three, TOutput, TActivation>(block, first, ref output, activation);
                return;
            }

            TRunTaps.RunSevenRows<TSimd, TVector, GemmCount.Two, TOutput, TActivation>(block, first, ref output, activation);
            first += 2;
        }
    }

    // one channel block, stride 2, rows of 14·k that Stride2RunsFit: input (H, W, lanes) → output rows [firstRow, endRow)
    // through `output` in runs of 14 (RunRow's loop across a row, without a DepthwiseRow per row); not inlined into Rows,
    // for the reason at BlockRows
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Stride2RunRows<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(
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
        where TRunTaps : struct, IDepthwiseStride2RunTaps
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var block = new ChannelBlockRows(input, pixelStride, rowStride, weights, bias, dimensions);
        var outputWidth = dimensions.Geometry.OutputWidth;
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);
            RunsAcross<TSimd, TVector, ChannelBlockRowRuns<TRunTaps>, TFeed, TOutput, TActivation>(new ChannelBlockRowRuns<TRunTaps>(in block, y), outputWidth, ref feed, ref output, activation);
        }
    }
}
