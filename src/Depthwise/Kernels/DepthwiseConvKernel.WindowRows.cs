using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row driver for 3×3 stride-1 rows of 28+ pixels stored whole: bands of <see cref="Taps3x3Stride1Window.Rows"/>
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

    /// <summary>
    /// Whether <see cref="Rows"/> computes a 3×3 stride-1 problem with the input window: rows of 14·k pixels that
    /// <see cref="RunsFit"/> and <see cref="RowPairsFit"/> (a work item's last rows take the strips or the row pairs),
    /// 28 pixels or more; input and output pixels may lie any stride apart.
    /// </summary>
    private static bool WindowRowsFit(in DepthwiseConvDimensions dimensions, int lanes) =>
        dimensions.Geometry.OutputWidth >= WindowMinimumWidth && RunsFit<Taps3x3Stride1Run>(dimensions, lanes) && RowPairsFit(dimensions);

    // one channel block, 3×3 stride 1, rows that WindowRowsFit: input (H, W, lanes), pixels `pixelStride` apart → output
    // rows [firstRow, endRow) through `output`, band by band, each band walked across its rows; the item's last 1–3
    // rows, too few for a band, take the strips (blocked input) or the row pairs (or a single row's runs). Blocked
    // input and output get the code with constant strides; the fused blocks' expanded rows and middle buffer
    // (channels-last) the code with given ones.
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
        var inputAdjacent = pixelStride == TSimd.Count;
        int bandEnd;
        if (inputAdjacent && output.PixelsAdjacent)
        {
            bandEnd = WindowBands<TSimd, TVector, PixelStrides.Lanes, PixelStrides.Lanes, TFeed, TStores, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
        }
        else if (inputAdjacent)
        {
            bandEnd = WindowBands<TSimd, TVector, PixelStrides.Lanes, PixelStrides.Given, TFeed, TStores, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
        }
        else
        {
            bandEnd = WindowBands<TSimd, TVector, PixelStrides.Given, PixelStrides.Given, TFeed, TStores, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
        }

        if (bandEnd == endRow)
        {
            return;
        }

        if (inputAdjacent)
        {
            RollingRows<TSimd, TVector, TFeed, BlockedOutput<TSimd, TVector, TStores>, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, bandEnd, endRow, ref feed, ref output, activation);
            return;
        }

        RowPairRows<TSimd, TVector, TFeed, BlockedOutput<TSimd, TVector, TStores>, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, bandEnd, endRow, ref feed, ref output, activation);
    }

    // The whole bands of rows [firstRow, endRow), as WindowRows describes → the first row left for the strips or row pairs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WindowBands<TSimd, TVector, TInputStride, TOutputStride, TFeed, TStores, TActivation>(
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
        where TInputStride : struct, IPixelStride
        where TOutputStride : struct, IPixelStride
        where TFeed : struct, IDepthwiseFeed
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation>
    {
        const int bandRows = Taps3x3Stride1Window.Rows;
        var width = dimensions.Geometry.OutputWidth;
        var height = dimensions.Geometry.InputHeight;
        var outputPixelStride = output.PixelStride;
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
                    Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.Both, TInputStride, TOutputStride, TStores, TActivation>(input, pixelStride, rowStride, weights, bias, bandFirst, width, destination, outputPixelStride, outputRowStride, activation);
                }
                else
                {
                    Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.First, TInputStride, TOutputStride, TStores, TActivation>(input, pixelStride, rowStride, weights, bias, bandFirst, width, destination, outputPixelStride, outputRowStride, activation);
                }
            }
            else if (bottom)
            {
                Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.Last, TInputStride, TOutputStride, TStores, TActivation>(input, pixelStride, rowStride, weights, bias, bandFirst, width, destination, outputPixelStride, outputRowStride, activation);
            }
            else
            {
                Taps3x3Stride1Window.Band<TSimd, TVector, PaddedEnds.None, TInputStride, TOutputStride, TStores, TActivation>(input, pixelStride, rowStride, weights, bias, bandFirst, width, destination, outputPixelStride, outputRowStride, activation);
            }
        }

        return bandFirst;
    }
}
