using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row driver for 3×3 stride-1 rows of blocked input and output: bands of <see cref="Taps3x3Stride1Window.Rows"/>
/// rows, each walked left to right (<see cref="Taps3x3Stride1Window"/>).
/// </summary>
internal static unsafe partial class DepthwiseConvKernel
{
    /// <summary>
    /// The narrowest output rows that take the window; 14-pixel rows keep the strips. Against the strips (the same FMAs,
    /// the window's in memory order) the window measured 0.99–1.20 on 28², 56² and 112² layers (1.16–1.42 on 56² and
    /// 112² with ReLU6, where the strips spill) and 0.87–1.11 on 14² layers, whose planes stay in the L2 and whose
    /// items leave 2 of 14 rows to the strips (docs/kernels.md, "Session 19: 3×3 stride 1 — an input window").
    /// </summary>
    private const int WindowMinimumWidth = 28;

    /// <summary>Whether <see cref="Rows"/> computes a problem that <see cref="RollingRowsFit"/> with the input window.</summary>
    private static bool WindowRowsFit(in DepthwiseConvDimensions dimensions) => dimensions.Geometry.OutputWidth >= WindowMinimumWidth;

    // one channel block, 3×3 stride 1, blocked rows that RollingRowsFit, output pixels one register apart: input
    // (H, W, lanes) → output rows [firstRow, endRow) through `output`, band by band, each band walked across its rows;
    // the item's last 1–3 rows, too few for a band, take the strips (or a single row's runs)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WindowRows<TSimd, TVector, TFeed, TStores, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int firstRow,
        int endRow,
        ref TFeed feed,
        ref BlockedOutput<TSimd, TVector, TStores> output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TFeed : struct, IDepthwiseFeed
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation>
    {
        const int bandRows = Taps3x3Stride1Window.Rows;
        var width = dimensions.Geometry.OutputWidth;
        var height = dimensions.Geometry.InputHeight;
        var outputRowStride = output.RowStride;
        var bandFirst = firstRow;
        for (; bandFirst + bandRows <= endRow; bandFirst += bandRows)
        {
            for (var y = bandFirst; y < bandFirst + bandRows; y++)
            {
                feed.BeginRow(y);
            }

            var destination = output.Pixel(bandFirst, 0);
            var bottom = bandFirst + bandRows == height;
            if (bandFirst == 0)
            {
                if (bottom)
                {
                    Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.Both, TStores, TActivation>(input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
                }
                else
                {
                    Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.First, TStores, TActivation>(input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
                }
            }
            else if (bottom)
            {
                Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.Last, TStores, TActivation>(input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
            }
            else
            {
                Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.None, TStores, TActivation>(input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
            }
        }

        if (bandFirst < endRow)
        {
            RollingRows<TSimd, TVector, TFeed, BlockedOutput<TSimd, TVector, TStores>, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, bandFirst, endRow, ref feed, ref output, activation);
        }
    }
}
