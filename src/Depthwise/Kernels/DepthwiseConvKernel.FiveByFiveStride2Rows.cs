using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row drivers for 5×5 stride-2 runs: rows of 7 output pixels two or three rows at a time
/// (<see cref="Taps5x5Stride2Run.RunSevenRows"/>), rows of 14·k in runs of 14 (<see cref="Taps5x5Stride2Run.RunAt"/>),
/// each call given only its output row and the block's <see cref="ChannelBlockRows"/>, built once.
/// </summary>
internal static unsafe partial class DepthwiseConvKernel
{
    // one channel block, 5×5 stride 2, rows of 7 that Stride2RunsFit: input (H, W, lanes) → output rows [firstRow,
    // endRow) through `output`, two or three rows at a time; not inlined into Rows, for the reason at BlockRows
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FiveByFiveSevenPixelRowGroups<TSimd, TVector, TFeed, TOutput, TActivation>(
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
        // Two rows at a time, the last three together (7 rows: 2 + 2 + 3), so that only a work item of one row runs a row
        // alone; the rows' shared part is built once, a group is its first output row.
        var block = new ChannelBlockRows(input, pixelStride, rowStride, weights, bias, dimensions);
        var y = firstRow;
        while (y < endRow)
        {
            var left = endRow - y;
            feed.BeginRow(y);
            feed.Step();
            if (left == 1)
            {
                Taps5x5Stride2Run.RunSevenRows<TSimd, TVector, GemmCount.One, TOutput, TActivation>(block, y, ref output, activation);
                return;
            }

            feed.BeginRow(y + 1);
            feed.Step();
            if (left == 3)
            {
                feed.BeginRow(y + 2);
                feed.Step();
                Taps5x5Stride2Run.RunSevenRows<TSimd, TVector, GemmCount.Three, TOutput, TActivation>(block, y, ref output, activation);
                return;
            }

            Taps5x5Stride2Run.RunSevenRows<TSimd, TVector, GemmCount.Two, TOutput, TActivation>(block, y, ref output, activation);
            y += 2;
        }
    }

    // one channel block, 5×5 stride 2, rows of 14·k that Stride2RunsFit: input (H, W, lanes) → output rows [firstRow,
    // endRow) through `output` in runs of 14 (RunRow's runs, without a DepthwiseRow per row); not inlined into Rows, for
    // the reason at BlockRows
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FiveByFiveRunRows<TSimd, TVector, TFeed, TOutput, TActivation>(
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
        var block = new ChannelBlockRows(input, pixelStride, rowStride, weights, bias, dimensions);
        var last = dimensions.Geometry.OutputWidth - 14;
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);

            // The feed steps twice per run, as often as it does between eight-pixel blocks.
            feed.Step();
            feed.Step();
            if (last == 0)
            {
                Taps5x5Stride2Run.RunAt<TSimd, TVector, PaddedEnds.Both, TOutput, TActivation>(block, y, 0, ref output, activation);
                continue;
            }

            Taps5x5Stride2Run.RunAt<TSimd, TVector, PaddedEnds.First, TOutput, TActivation>(block, y, 0, ref output, activation);
            for (var x = 14; x < last; x += 14)
            {
                feed.Step();
                feed.Step();
                Taps5x5Stride2Run.RunAt<TSimd, TVector, PaddedEnds.None, TOutput, TActivation>(block, y, x, ref output, activation);
            }

            feed.Step();
            feed.Step();
            Taps5x5Stride2Run.RunAt<TSimd, TVector, PaddedEnds.Last, TOutput, TActivation>(block, y, last, ref output, activation);
        }
    }
}
