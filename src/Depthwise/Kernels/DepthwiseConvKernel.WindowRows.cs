using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row driver for 3×3 stride-1 rows of blocked input and output: bands of <see cref="Taps3x3Stride1Window.Rows"/>
/// rows, each walked left to right (<see cref="Taps3x3Stride1Window"/>), or of <see cref="Taps3x3Stride1TwoRowWindow.Rows"/>
/// on rows of <see cref="TwoRowWindowMinimumWidth"/> pixels and more.
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

    /// <summary>
    /// The narrowest output rows whose bands take 2 rows (<see cref="Taps3x3Stride1TwoRowWindow"/>). Against 4-row bands
    /// the 2-row bands measured 0.99–1.06 on 56² and 0.97–1.15 on 112² layers (ReLU6: 0.96–1.04), but 0.94–1.04 on 28²
    /// layers, whose planes stay in or near the L2 (docs/kernels.md, "Session 20: 3×3 stride 1 — the input window over
    /// bands of 2 rows").
    /// </summary>
    private const int TwoRowWindowMinimumWidth = 56;

    /// <summary>Whether <see cref="Rows"/> computes a problem that <see cref="RollingRowsFit"/> with the input window.</summary>
    private static bool WindowRowsFit(in DepthwiseConvDimensions dimensions) => dimensions.Geometry.OutputWidth >= WindowMinimumWidth;

    // one channel block, 3×3 stride 1, blocked rows that RollingRowsFit, output pixels one register apart: input
    // (H, W, lanes) → output rows [firstRow, endRow) through `output`, band by band, each band walked across its rows;
    // the item's last rows, too few for a band (1–3 of 4, 1 of 2), take the strips (or a single row's runs)
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
        var width = dimensions.Geometry.OutputWidth;
        var twoRows = width >= TwoRowWindowMinimumWidth;
        var bandRows = twoRows ? Taps3x3Stride1TwoRowWindow.Rows : Taps3x3Stride1Window.Rows;
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
                    WindowBand<TSimd, TVector, PaddedEnds.Both, TStores, TActivation>(twoRows, input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
                }
                else
                {
                    WindowBand<TSimd, TVector, PaddedEnds.First, TStores, TActivation>(twoRows, input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
                }
            }
            else if (bottom)
            {
                WindowBand<TSimd, TVector, PaddedEnds.Last, TStores, TActivation>(twoRows, input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
            }
            else
            {
                WindowBand<TSimd, TVector, PaddedEnds.None, TStores, TActivation>(twoRows, input, rowStride, weights, bias, bandFirst, width, destination, outputRowStride, activation);
            }
        }

        if (bandFirst < endRow)
        {
            RollingRows<TSimd, TVector, TFeed, BlockedOutput<TSimd, TVector, TStores>, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, bandFirst, endRow, ref feed, ref output, activation);
        }
    }

    // one band of the window, 2 rows (twoRows) or 4, as Taps3x3Stride1TwoRowWindow.Band / Taps3x3Stride1Window.Band
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WindowBand<TSimd, TVector, TRows, TStores, TActivation>(
        bool twoRows,
        float* input,
        nint rowStride,
        float* weights,
        float* bias,
        int firstRow,
        int width,
        float* output,
        nint outputRowStride,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IPaddedEnds
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (twoRows)
        {
            Taps3x3Stride1TwoRowWindow.Band<TSimd, TVector, TRows, TStores, TActivation>(input, rowStride, weights, bias, firstRow, width, output, outputRowStride, activation);
        }
        else
        {
            Taps3x3Stride1Window.Band<TSimd, TVector, TRows, TStores, TActivation>(input, rowStride, weights, bias, firstRow, width, output, outputRowStride, activation);
        }
    }
}
