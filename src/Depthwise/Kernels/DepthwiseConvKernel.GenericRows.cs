using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

internal static unsafe partial class DepthwiseConvKernel
{
    // Whether Rows hands a generic-body call to WideGenericRows: 16-lane registers (sixteen accumulators, a weight and
    // a zero need 18 of AVX-512's 32; AVX2's 16 keep the eight-pixel blocks) and rows of at least sixteen pixels.
    private static bool WideGenericRowsFit(in DepthwiseConvDimensions dimensions, int lanes) =>
        lanes == 16 && dimensions.Geometry.OutputWidth >= TapsGenericWide.Pixels;

    // The generic body's rows of sixteen pixels or more in blocks of twenty-four and sixteen (TapsGenericWide): every
    // block costs the same bias, kernel-row setup and call whatever its width, so a row takes as few as cover it
    // without recomputing more than a sixteen's worth: twenty-four at a time while more than 32 pixels remain, then
    // 17–24 as one twenty-four, 25–32 as two sixteens, up to 16 as one sixteen (56 = 24 + 16 + 16, 112 = 4·24 + 16,
    // 28 = 16 + 16). A last block narrower than its width is pulled back to end at the row's end, recomputing a few
    // pixels with identical values. Rows narrower than 24 take sixteens only. Unit-stride blocked rows take the wide
    // body with constant load offsets; kernels 3 columns wide at dilation 2 and 4 or 7 wide at dilation 1 the body
    // that loads each input column once for all its taps (TapsGenericWideColumns).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WideGenericRows<TSimd, TVector, TFeed, TOutput, TActivation>(
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
        var geometry = dimensions.Geometry;
        if (geometry.Stride.Width == 1 && pixelStride == TSimd.Count)
        {
            switch (geometry.Kernel.Width, geometry.Dilation.Width)
            {
                case (3, 2):
                    WideGenericRows<TSimd, TVector, TapsGenericWideColumns<Width3Dilation2>, UnitPixelStep, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
                    return;
                case (4, 1):
                    WideGenericRows<TSimd, TVector, TapsGenericWideColumns<Width4Dilation1>, UnitPixelStep, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
                    return;
                case (7, 1):
                    WideGenericRows<TSimd, TVector, TapsGenericWideColumns<Width7Dilation1>, UnitPixelStep, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
                    return;
                default:
                    WideGenericRows<TSimd, TVector, TapsGenericWide, UnitPixelStep, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
                    return;
            }
        }

        WideGenericRows<TSimd, TVector, TapsGenericWide, RowPixelStep, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
    }

    // one channel block → output rows [firstRow, endRow) as above, in TBody's blocks; TPixelStep says whether the load
    // offsets are constants
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WideGenericRows<TSimd, TVector, TBody, TPixelStep, TFeed, TOutput, TActivation>(
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
        where TBody : struct, IGenericWideBody
        where TPixelStep : struct, IGenericPixelStep
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var outputWidth = dimensions.Geometry.OutputWidth;
        var interiorStart = dimensions.InteriorColumnStart;
        var interiorEnd = dimensions.InteriorColumnEnd;
        for (var y = firstRow; y < endRow; y++)
        {
            feed.BeginRow(y);
            var row = RowAt(input, pixelStride, rowStride, weights, bias, dimensions, y);
            for (var start = 0; start < outputWidth;)
            {
                var remaining = outputWidth - start;
                if (outputWidth >= TapsGenericWide.WidePixels && remaining > TapsGenericWide.Pixels && (remaining <= TapsGenericWide.WidePixels || remaining > 2 * TapsGenericWide.Pixels))
                {
                    WideGenericBlock<TSimd, TVector, TBody, TPixelStep, TwentyFourPixels, TFeed, TOutput, TActivation>(row, Math.Min(start, outputWidth - TapsGenericWide.WidePixels), interiorStart, interiorEnd, ref feed, ref output, activation);
                    start += TapsGenericWide.WidePixels;
                }
                else
                {
                    WideGenericBlock<TSimd, TVector, TBody, TPixelStep, SixteenPixels, TFeed, TOutput, TActivation>(row, Math.Min(start, outputWidth - TapsGenericWide.Pixels), interiorStart, interiorEnd, ref feed, ref output, activation);
                    start += TapsGenericWide.Pixels;
                }
            }
        }
    }

    // one block of TWidth's pixels from x: interior or clipped; the feed steps once per eight pixels, as on the
    // eight-pixel blocks
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WideGenericBlock<TSimd, TVector, TBody, TPixelStep, TWidth, TFeed, TOutput, TActivation>(in DepthwiseRow row, int x, int interiorStart, int interiorEnd, ref TFeed feed, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TBody : struct, IGenericWideBody
        where TPixelStep : struct, IGenericPixelStep
        where TWidth : struct, IGenericBlockWidth
        where TFeed : struct, IDepthwiseFeed
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        for (var group = 0; group < TWidth.Groups; group++)
        {
            feed.Step();
        }

        if (x >= interiorStart && x + (TWidth.Groups * PixelsPerBlock) <= interiorEnd)
        {
            TBody.Block<TSimd, TVector, InteriorColumns, TPixelStep, TWidth, TOutput, TActivation>(row, x, ref output, activation);
        }
        else
        {
            TBody.Block<TSimd, TVector, ClippedColumns, TPixelStep, TWidth, TOutput, TActivation>(row, x, ref output, activation);
        }
    }
}
