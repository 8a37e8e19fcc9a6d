using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The row drivers for stride-1 runs: rows of 14·k pixels cut into runs of 14 (<see cref="Taps3x3Stride1Run"/>,
/// <see cref="Taps5x5Stride1Run"/>; 3×3 two rows at a time, <see cref="Taps3x3Stride1RowPair"/>; the loop across a row
/// shared with the stride-2 runs, <see cref="DepthwiseConvKernel.Stride2Rows"/>), and 5×5 rows of 7 computed as one run each.
/// </summary>
internal static unsafe partial class DepthwiseConvKernel
{
    /// <summary>
    /// Whether <see cref="Rows"/> computes a problem of <typeparamref name="TRunTaps"/>'s kernel in runs of 14
    /// pixels: rows of 14·k pixels up to <see cref="MaximumRunRowWidth"/> with the run's padding columns each side
    /// ("same" padding), and 16-lane registers (AVX-512 has the 32 registers a run needs; with 16 its accumulators
    /// would spill). Rows of 7 keep the eight-pixel block: a 7-pixel 3×3 run measured 1–10 % slower.
    /// </summary>
    public static bool RunsFit<TRunTaps>(in DepthwiseConvDimensions dimensions, int lanes)
        where TRunTaps : struct, IDepthwiseRunTaps
    {
        var geometry = dimensions.Geometry;
        var width = geometry.OutputWidth;
        return lanes == 16 && geometry.PadLeft == TRunTaps.PaddingColumns && geometry.InputWidth == width && width % 14 == 0 && width <= MaximumRunRowWidth;
    }

    /// <summary>
    /// Whether <see cref="Rows"/> computes a 5×5 stride-1 problem in whole rows of 7 pixels
    /// (<see cref="Taps5x5Stride1Run.RunSeven"/>): 7-pixel rows with two padding columns each side and 16-lane registers.
    /// </summary>
    public static bool SevenPixelRowsFit(in DepthwiseConvDimensions dimensions, int lanes)
    {
        var geometry = dimensions.Geometry;
        return lanes == 16 && geometry.PadLeft == 2 && geometry.InputWidth == 7 && geometry.OutputWidth == 7;
    }

    /// <summary>
    /// Widest row computed in runs. On Zen 4 runs at 112 pixels were 3–4 % faster alone but made MobileNetV2's fused
    /// features.1 (32 channels of 112²) about 8 % slower, so rows that wide kept the eight-pixel blocks; on Zen 5
    /// (two 512-bit FMA pipes, whose eight accumulator chains a block leaves waiting) runs took the blocked 32×112²
    /// layer from 124–128 to 142–147 GFLOP/s (docs/kernels.md, "Session 11").
    /// </summary>
    private const int MaximumRunRowWidth = 112;

    // the 7 accumulators of a row of 7, activated → output pixels 0 … 6 (stored as a block of eight, the last repeated)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSeven<TSimd, TVector, TOutput, TActivation>(
        ref TOutput output,
        int outputRow,
        TActivation activation,
        TVector accumulator0,
        TVector accumulator1,
        TVector accumulator2,
        TVector accumulator3,
        TVector accumulator4,
        TVector accumulator5,
        TVector accumulator6)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var last = TSimd.Activate(accumulator6, activation);
        output.Store(outputRow, 0, 7, TSimd.Activate(accumulator0, activation), TSimd.Activate(accumulator1, activation), TSimd.Activate(accumulator2, activation), TSimd.Activate(accumulator3, activation), TSimd.Activate(accumulator4, activation), TSimd.Activate(accumulator5, activation), last, last);
    }

    // A run's 14 accumulators, activated, → output pixels x … x + 13 of the row: eight as one block, then six as a block
    // of eight whose last two registers repeat the sixth — stored whole, they land on the next run's (or the next row's)
    // first two pixels, written later, as a narrow row's eight-pixel block does. With `withinRun` the second block is
    // pixels 6–13 instead (6 and 7 stored twice with the same values), so that nothing lands past the run: a row pair
    // stores its upper row after the lower row's first run.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRun<TSimd, TVector, TOutput, TActivation>(
        ref TOutput output,
        int outputRow,
        int x,
        TActivation activation,
        bool withinRun,
        TVector pixel0,
        TVector pixel1,
        TVector pixel2,
        TVector pixel3,
        TVector pixel4,
        TVector pixel5,
        TVector pixel6,
        TVector pixel7,
        TVector pixel8,
        TVector pixel9,
        TVector pixel10,
        TVector pixel11,
        TVector pixel12,
        TVector pixel13)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var activated6 = TSimd.Activate(pixel6, activation);
        var activated7 = TSimd.Activate(pixel7, activation);
        output.Store(outputRow, x, PixelsPerBlock, TSimd.Activate(pixel0, activation), TSimd.Activate(pixel1, activation), TSimd.Activate(pixel2, activation), TSimd.Activate(pixel3, activation), TSimd.Activate(pixel4, activation), TSimd.Activate(pixel5, activation), activated6, activated7);
        if (withinRun)
        {
            output.Store(outputRow, x + 6, PixelsPerBlock, activated6, activated7, TSimd.Activate(pixel8, activation), TSimd.Activate(pixel9, activation), TSimd.Activate(pixel10, activation), TSimd.Activate(pixel11, activation), TSimd.Activate(pixel12, activation), TSimd.Activate(pixel13, activation));
            return;
        }

        var last = TSimd.Activate(pixel13, activation);
        output.Store(outputRow, x + 8, 6, TSimd.Activate(pixel8, activation), TSimd.Activate(pixel9, activation), TSimd.Activate(pixel10, activation), TSimd.Activate(pixel11, activation), TSimd.Activate(pixel12, activation), last, last, last);
    }

    /// <summary>
    /// Whether <see cref="Rows"/> computes a 3×3 stride-1 problem whose rows <see cref="RunsFit"/> two rows at a time
    /// (<see cref="Taps3x3Stride1RowPair"/>): stride 1 and dilation 1 down, one padding row above and as many input rows
    /// as output rows ("same" padding), so that the two middle input rows of every pair are inside the image.
    /// </summary>
    public static bool RowPairsFit(in DepthwiseConvDimensions dimensions)
    {
        var geometry = dimensions.Geometry;
        return geometry.Stride.Height == 1 && geometry.Dilation.Height == 1 && geometry.PadTop == 1 && geometry.InputHeight == geometry.OutputHeight;
    }

    // one channel block, 3×3 stride 1, rows of 14·k pixels that RunsFit and RowPairsFit: input (H, W, lanes) → output
    // rows [firstRow, endRow) through `output`, two rows at a time in runs of 14 (an odd last row alone)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RowPairRows<TSimd, TVector, TFeed, TOutput, TActivation>(
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
        var y = firstRow;
        for (; y + 1 < endRow; y += 2)
        {
            feed.BeginRow(y);
            feed.BeginRow(y + 1);
            var rowAbove = input + ((y - 1) * rowStride);
            var hasRowAbove = y > 0;
            var hasRowBelow = y + 2 < height;

            // The feed steps twice per row and run, as often as it does between eight-pixel blocks.
            feed.Step();
            feed.Step();
            feed.Step();
            feed.Step();
            if (outputWidth == 14)
            {
                Taps3x3Stride1RowPair.Run<TSimd, TVector, PaddedEnds.Both, TOutput, TActivation>(rowAbove, pixelStride, rowStride, weights, bias, hasRowAbove, hasRowBelow, y, 0, ref output, activation);
                continue;
            }

            Taps3x3Stride1RowPair.Run<TSimd, TVector, PaddedEnds.First, TOutput, TActivation>(rowAbove, pixelStride, rowStride, weights, bias, hasRowAbove, hasRowBelow, y, 0, ref output, activation);
            var last = outputWidth - 14;
            for (var x = 14; x < last; x += 14)
            {
                feed.Step();
                feed.Step();
                feed.Step();
                feed.Step();
                Taps3x3Stride1RowPair.Run<TSimd, TVector, PaddedEnds.None, TOutput, TActivation>(rowAbove, pixelStride, rowStride, weights, bias, hasRowAbove, hasRowBelow, y, x, ref output, activation);
            }

            feed.Step();
            feed.Step();
            feed.Step();
            feed.Step();
            Taps3x3Stride1RowPair.Run<TSimd, TVector, PaddedEnds.Last, TOutput, TActivation>(rowAbove, pixelStride, rowStride, weights, bias, hasRowAbove, hasRowBelow, y, last, ref output, activation);
        }

        if (y < endRow)
        {
            RunRow<TSimd, TVector, Taps3x3Stride1Run, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, outputWidth, y, ref feed, ref output, activation);
        }
    }

    // one channel block, 3×3 or 5×5 at stride 1, rows of 14·k pixels that RunsFit: input (H, W, lanes) → output rows
    // [firstRow, endRow) through `output` (not inlined into Rows, and apart from the rows of 7, for the reason at
    // BlockRows; each run-taps type gets code of its own)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunRows<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(
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
        where TRunTaps : struct, IDepthwiseFourteenPixelRun
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var outputWidth = dimensions.Geometry.OutputWidth;
        for (var y = firstRow; y < endRow; y++)
        {
            RunRow<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, outputWidth, y, ref feed, ref output, activation);
        }
    }

    // output row y of one channel block in runs of 14 (RunRows, and the row a row pair leaves over in RowPairRows)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunRow<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(
        float* input,
        nint pixelStride,
        nint rowStride,
        float* weights,
        float* bias,
        in DepthwiseConvDimensions dimensions,
        int outputWidth,
        int y,
        ref TFeed feed,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRunTaps : struct, IDepthwiseFourteenPixelRun
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        feed.BeginRow(y);
        var row = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);
        RunsAcross<TSimd, TVector, DepthwiseRowRuns<TRunTaps>, TFeed, TOutput, TActivation>(new DepthwiseRowRuns<TRunTaps>(in row), outputWidth, ref feed, ref output, activation);
    }

    // one output row of outputWidth (14·k) pixels → its runs of 14, left to right (RunRow, Stride2RunRows)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunsAcross<TSimd, TVector, TRuns, TFeed, TOutput, TActivation>(TRuns runs, int outputWidth, ref TFeed feed, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRuns : IRowOfRuns, allows ref struct
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // The feed steps twice per run, as often as it does between eight-pixel blocks.
        feed.Step();
        feed.Step();
        if (outputWidth == 14)
        {
            runs.Run<TSimd, TVector, PaddedEnds.Both, TOutput, TActivation>(0, ref output, activation);
            return;
        }

        runs.Run<TSimd, TVector, PaddedEnds.First, TOutput, TActivation>(0, ref output, activation);
        var last = outputWidth - 14;
        for (var x = 14; x < last; x += 14)
        {
            feed.Step();
            feed.Step();
            runs.Run<TSimd, TVector, PaddedEnds.None, TOutput, TActivation>(x, ref output, activation);
        }

        feed.Step();
        feed.Step();
        runs.Run<TSimd, TVector, PaddedEnds.Last, TOutput, TActivation>(last, ref output, activation);
    }

    // one channel block, 5×5 stride 1, rows of 7 pixels that SevenPixelRowsFit, computed as one run each: input (H, W,
    // lanes) → output rows [firstRow, endRow) through `output` (not inlined into Rows, for the reason at BlockRows)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SevenPixelRows<TSimd, TVector, TRunTaps, TFeed, TOutput, TActivation>(
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
        where TRunTaps : struct, IDepthwiseSevenPixelRun
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);
            var row = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);
            feed.Step();
            TRunTaps.RunSeven<TSimd, TVector, TOutput, TActivation>(row, ref output, activation);
        }
    }
}
