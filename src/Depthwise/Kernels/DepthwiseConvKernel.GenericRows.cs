using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

internal static unsafe partial class DepthwiseConvKernel
{
    // Whether Rows hands a generic-body call to WideGenericRows: 16-lane registers (sixteen accumulators, a weight and
    // a zero need 18 of AVX-512's 32; AVX2's 16 keep the eight-pixel blocks) and rows of at least sixteen pixels.
    private static bool WideGenericRowsFit(in DepthwiseConvDimensions dimensions, int lanes) =>
        lanes == 16 && dimensions.Geometry.OutputWidth >= TapsGenericWide.Pixels;

    // The generic body's rows of sixteen pixels or more, sixteen at a time (TapsGenericWide); a row's last eight or
    // fewer pixels are one eight-pixel TapsGeneric block, its last nine to fifteen one sixteen-pixel block, pulled
    // back to end at the row's end (recomputing a few pixels with identical values). Unit-stride blocked rows take the
    // wide body with constant load offsets.
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
        if (dimensions.Geometry.Stride.Width == 1 && pixelStride == TSimd.Count)
        {
            WideGenericRows<TSimd, TVector, UnitPixelStep, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
            return;
        }

        WideGenericRows<TSimd, TVector, RowPixelStep, TFeed, TOutput, TActivation>(input, pixelStride, rowStride, weights, bias, dimensions, firstRow, endRow, ref feed, ref output, activation);
    }

    // one channel block → output rows [firstRow, endRow) as above; TPixelStep says whether the load offsets are constants
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WideGenericRows<TSimd, TVector, TPixelStep, TFeed, TOutput, TActivation>(
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

            // The feed steps once per eight pixels, as on the eight-pixel blocks.
            var start = 0;
            for (; outputWidth - start > PixelsPerBlock; start += TapsGenericWide.Pixels)
            {
                var x = Math.Min(start, outputWidth - TapsGenericWide.Pixels);
                feed.Step();
                feed.Step();
                if (x >= interiorStart && x + TapsGenericWide.Pixels <= interiorEnd)
                {
                    TapsGenericWide.Block<TSimd, TVector, InteriorColumns, TPixelStep, TOutput, TActivation>(row, x, ref output, activation);
                }
                else
                {
                    TapsGenericWide.Block<TSimd, TVector, ClippedColumns, TPixelStep, TOutput, TActivation>(row, x, ref output, activation);
                }
            }

            if (start < outputWidth)
            {
                var x = outputWidth - PixelsPerBlock;
                feed.Step();
                if (x >= interiorStart && x + PixelsPerBlock <= interiorEnd)
                {
                    TapsGeneric.Block<TSimd, TVector, InteriorColumns, TOutput, TActivation>(row, x, ref output, activation);
                }
                else
                {
                    TapsGeneric.Block<TSimd, TVector, ClippedColumns, TOutput, TActivation>(row, x, ref output, activation);
                }
            }
        }
    }
}
