using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row driver for 5×5 stride-2 rows of 7 output pixels, two rows at a time (<see cref="Taps5x5Stride2Run.RunSevenPair"/>).
/// </summary>
internal static unsafe partial class DepthwiseConvKernel
{
    // one channel block, 5×5 stride 2, rows of 7 that Stride2RunsFit: input (H, W, lanes) → output rows [firstRow,
    // endRow) through `output`, two rows at a time (an odd last row alone); not inlined into Rows, for the reason at
    // BlockRows
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FiveByFiveSevenPixelRowPairs<TSimd, TVector, TFeed, TOutput, TActivation>(
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
        var y = firstRow;
        for (; y + 1 < endRow; y += 2)
        {
            feed.BeginRow(y);
            feed.BeginRow(y + 1);
            var upper = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);
            var lower = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y + 1);

            // The feed steps once per row, as often as it does for rows of 7 computed alone.
            feed.Step();
            feed.Step();
            Taps5x5Stride2Run.RunSevenPair<TSimd, TVector, TOutput, TActivation>(upper, lower, ref output, activation);
        }

        if (y < endRow)
        {
            feed.BeginRow(y);
            var row = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);
            feed.Step();
            Taps5x5Stride2Run.RunSeven<TSimd, TVector, TOutput, TActivation>(row, ref output, activation);
        }
    }
}
