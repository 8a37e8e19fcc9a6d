using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// Any kernel size, stride (including (2, 1) and (1, 2)) and dilation: for every tap, one weight load feeds the eight
/// output pixels of the block, each with its own input load. One input load per FMA keeps this within a small factor
/// of the specialised bodies on a core that loads one register per FMA (Zen 4 does), and no shape falls off a cliff.
/// </summary>
internal readonly unsafe struct TapsGeneric : IDepthwiseTaps
{
    public static void Block<TSimd, TVector, TColumns, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input rows (ky·dH, columns x·sW − padLeft + kx·dW), weights (kH×kW, lanes) → output pixels x … x+7 of one row
        var lanes = TSimd.Count;
        var width = row.InputWidth;
        var kernelWidth = row.KernelWidth;
        var strideWidth = row.StrideWidth;
        var dilationWidth = row.DilationWidth;
        var pixelStride = row.PixelStride;
        var tapStep = dilationWidth * pixelStride;
        var step = strideWidth * pixelStride;
        var firstColumn = (x * strideWidth) - row.PadLeft;
        var firstInput = row.Input + (firstColumn * pixelStride);

        // A clipped block tests its columns only for the taps that reach into the padding: the kernel columns
        // [interiorFirst, interiorEnd) read inside the image for all eight pixels, and load unconditionally.
        var (interiorFirst, interiorEnd) = TColumns.Clipped
            ? InteriorTaps(firstColumn, (DepthwiseConvKernel.PixelsPerBlock - 1) * strideWidth, width, kernelWidth, dilationWidth)
            : (0, kernelWidth);

        var accumulator0 = TSimd.Load(row.Bias);
        var accumulator1 = accumulator0;
        var accumulator2 = accumulator0;
        var accumulator3 = accumulator0;
        var accumulator4 = accumulator0;
        var accumulator5 = accumulator0;
        var accumulator6 = accumulator0;
        var accumulator7 = accumulator0;
        for (var ky = row.KyFirst; ky < row.KyEnd; ky++)
        {
            var input = firstInput + (ky * row.TapRowStride);
            var weights = row.Weights + (ky * kernelWidth * lanes);
            var column = firstColumn;

            // The kernel columns in up to three runs: tested ones reaching left, [interiorFirst, interiorEnd) untested,
            // tested ones reaching right; each run in (ky, kx) order.
            for (var kx = 0; kx < kernelWidth;)
            {
                var tested = kx < interiorFirst || kx >= interiorEnd;
                var runEnd = kx < interiorFirst ? interiorFirst : tested ? kernelWidth : interiorEnd;
                if (tested)
                {
                    for (; kx < runEnd; kx++)
                    {
                        Tap<TSimd, TVector, TColumns>(input, column, step, strideWidth, width, TSimd.Load(weights), ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6, ref accumulator7);
                        input += tapStep;
                        column += dilationWidth;
                        weights += lanes;
                    }
                }
                else
                {
                    for (; kx < runEnd; kx++)
                    {
                        Tap<TSimd, TVector, InteriorColumns>(input, column, step, strideWidth, width, TSimd.Load(weights), ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6, ref accumulator7);
                        input += tapStep;
                        column += dilationWidth;
                        weights += lanes;
                    }
                }
            }
        }

        output.Store(
            row.OutputRow,
            x,
            row.Count,
            TSimd.Activate(accumulator0, activation),
            TSimd.Activate(accumulator1, activation),
            TSimd.Activate(accumulator2, activation),
            TSimd.Activate(accumulator3, activation),
            TSimd.Activate(accumulator4, activation),
            TSimd.Activate(accumulator5, activation),
            TSimd.Activate(accumulator6, activation),
            TSimd.Activate(accumulator7, activation));
    }

    // The kernel columns [first, end) whose input columns lie inside [0, width) for every pixel of a block whose first
    // pixel reads column firstColumn + kx·dilation and whose last pixel reads span columns further; first ≤ end.
    public static (int First, int End) InteriorTaps(int firstColumn, int span, int width, int kernelWidth, int dilation)
    {
        // first: the smallest kx with firstColumn + kx·dilation ≥ 0; end: one past the largest kx with
        // firstColumn + span + kx·dilation ≤ width − 1.
        var first = firstColumn >= 0 ? 0 : (-firstColumn + dilation - 1) / dilation;
        var lastReach = width - 1 - span - firstColumn;
        var end = lastReach < 0 ? 0 : Math.Min(kernelWidth, (lastReach / dilation) + 1);
        first = Math.Min(first, kernelWidth);
        return (first, Math.Max(first, end));
    }

    // one tap: input columns column, column + stride, … (pixels `step` floats apart) × weight, added to the eight pixels
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tap<TSimd, TVector, TColumns>(
        float* input,
        int column,
        nint step,
        int strideWidth,
        int width,
        TVector weight,
        ref TVector accumulator0,
        ref TVector accumulator1,
        ref TVector accumulator2,
        ref TVector accumulator3,
        ref TVector accumulator4,
        ref TVector accumulator5,
        ref TVector accumulator6,
        ref TVector accumulator7)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
    {
        accumulator0 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, column, width), weight, accumulator0);
        accumulator1 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step, column + strideWidth, width), weight, accumulator1);
        accumulator2 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (2 * step), column + (2 * strideWidth), width), weight, accumulator2);
        accumulator3 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (3 * step), column + (3 * strideWidth), width), weight, accumulator3);
        accumulator4 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (4 * step), column + (4 * strideWidth), width), weight, accumulator4);
        accumulator5 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (5 * step), column + (5 * strideWidth), width), weight, accumulator5);
        accumulator6 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (6 * step), column + (6 * strideWidth), width), weight, accumulator6);
        accumulator7 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + (7 * step), column + (7 * strideWidth), width), weight, accumulator7);
    }
}
