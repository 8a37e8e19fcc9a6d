using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// The generic tap loop for sixteen or twenty-four output pixels of one row (two or three blocks side by side,
/// <see cref="IGenericBlockWidth"/>), for 16-lane registers only: each weight load feeds sixteen or twenty-four FMAs,
/// and sixteen accumulators already give Zen 5's two 4-cycle FMA pipes twice the independent chains the eight-pixel
/// <see cref="TapsGeneric"/> leaves them (exactly the eight they need, with no slack for a late load); twenty-four
/// spread a block's fixed cost (bias, kernel-row setup, the call) over more pixels. A clipped block tests its columns only for the kernel columns that reach into the padding,
/// as TapsGeneric does. Same operations per output element as <see cref="TapsGeneric"/> (bias, then one FMA per tap
/// in (ky, kx) order), so the same bits.
/// </summary>
internal readonly unsafe struct TapsGenericWide : IGenericWideBody
{
    /// <summary>Output pixels of the narrower block (<see cref="SixteenPixels"/>), the least a row needs to take this body.</summary>
    public const int Pixels = 2 * DepthwiseConvKernel.PixelsPerBlock;

    /// <summary>Output pixels of the wider block (<see cref="TwentyFourPixels"/>).</summary>
    public const int WidePixels = 3 * DepthwiseConvKernel.PixelsPerBlock;

    public static void Block<TSimd, TVector, TColumns, TPixelStep, TWidth, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TPixelStep : struct, IGenericPixelStep
        where TWidth : struct, IGenericBlockWidth
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input rows (ky·dH, columns x·sW − padLeft + kx·dW … + (P − 1)·sW), weights (kH×kW, lanes) → output pixels x … x+P−1
        var groups = TWidth.Groups;
        var lanes = TSimd.Count;
        var width = row.InputWidth;
        var kernelWidth = row.KernelWidth;
        var strideWidth = TPixelStep.Constant ? 1 : row.StrideWidth;
        var dilationWidth = row.DilationWidth;
        var pixelStride = TPixelStep.Constant ? lanes : row.PixelStride;

        // Neighbouring output pixels' inputs are `step` floats apart: a constant on unit-stride blocked rows, so each
        // of the sixteen loads is a displacement of one pointer and no register holds an offset.
        var step = strideWidth * pixelStride;
        var tapStep = dilationWidth * pixelStride;
        var firstColumn = (x * strideWidth) - row.PadLeft;
        var firstInput = row.Input + (firstColumn * pixelStride);
        var upperColumn = firstColumn + (DepthwiseConvKernel.PixelsPerBlock * strideWidth);
        var thirdColumn = upperColumn + (DepthwiseConvKernel.PixelsPerBlock * strideWidth);
        var (interiorFirst, interiorEnd) = TColumns.Clipped
            ? TapsGeneric.InteriorTaps(firstColumn, ((groups * DepthwiseConvKernel.PixelsPerBlock) - 1) * strideWidth, width, kernelWidth, dilationWidth)
            : (0, kernelWidth);

        var accumulator0 = TSimd.Load(row.Bias);
        var accumulator1 = accumulator0;
        var accumulator2 = accumulator0;
        var accumulator3 = accumulator0;
        var accumulator4 = accumulator0;
        var accumulator5 = accumulator0;
        var accumulator6 = accumulator0;
        var accumulator7 = accumulator0;
        var accumulator8 = accumulator0;
        var accumulator9 = accumulator0;
        var accumulator10 = accumulator0;
        var accumulator11 = accumulator0;
        var accumulator12 = accumulator0;
        var accumulator13 = accumulator0;
        var accumulator14 = accumulator0;
        var accumulator15 = accumulator0;
        var accumulator16 = accumulator0;
        var accumulator17 = accumulator0;
        var accumulator18 = accumulator0;
        var accumulator19 = accumulator0;
        var accumulator20 = accumulator0;
        var accumulator21 = accumulator0;
        var accumulator22 = accumulator0;
        var accumulator23 = accumulator0;
        for (var ky = row.KyFirst; ky < row.KyEnd; ky++)
        {
            // Each further eight pixels read from their own pointer so that the offsets stay within the eight an
            // address's scaled index can express.
            var input = firstInput + (ky * row.TapRowStride);
            var upper = input + (DepthwiseConvKernel.PixelsPerBlock * step);
            var third = upper + (DepthwiseConvKernel.PixelsPerBlock * step);
            var weights = row.Weights + (ky * kernelWidth * lanes);
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
                        var weight = TSimd.Load(weights + (kx * lanes));
                        var column = kx * dilationWidth;
                        TapsGeneric.Tap<TSimd, TVector, TColumns>(input, firstColumn + column, step, strideWidth, width, weight, ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6, ref accumulator7);
                        TapsGeneric.Tap<TSimd, TVector, TColumns>(upper, upperColumn + column, step, strideWidth, width, weight, ref accumulator8, ref accumulator9, ref accumulator10, ref accumulator11, ref accumulator12, ref accumulator13, ref accumulator14, ref accumulator15);
                        if (groups == 3)
                        {
                            TapsGeneric.Tap<TSimd, TVector, TColumns>(third, thirdColumn + column, step, strideWidth, width, weight, ref accumulator16, ref accumulator17, ref accumulator18, ref accumulator19, ref accumulator20, ref accumulator21, ref accumulator22, ref accumulator23);
                        }

                        input += tapStep;
                        upper += tapStep;
                        third += tapStep;
                    }
                }
                else
                {
                    for (; kx < runEnd; kx++)
                    {
                        var weight = TSimd.Load(weights + (kx * lanes));
                        TapsGeneric.Tap<TSimd, TVector, InteriorColumns>(input, 0, step, strideWidth, width, weight, ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6, ref accumulator7);
                        TapsGeneric.Tap<TSimd, TVector, InteriorColumns>(upper, 0, step, strideWidth, width, weight, ref accumulator8, ref accumulator9, ref accumulator10, ref accumulator11, ref accumulator12, ref accumulator13, ref accumulator14, ref accumulator15);
                        if (groups == 3)
                        {
                            TapsGeneric.Tap<TSimd, TVector, InteriorColumns>(third, 0, step, strideWidth, width, weight, ref accumulator16, ref accumulator17, ref accumulator18, ref accumulator19, ref accumulator20, ref accumulator21, ref accumulator22, ref accumulator23);
                        }

                        input += tapStep;
                        upper += tapStep;
                        third += tapStep;
                    }
                }
            }
        }

        StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x, ref output, activation, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7);
        StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x + DepthwiseConvKernel.PixelsPerBlock, ref output, activation, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13, accumulator14, accumulator15);
        if (groups == 3)
        {
            StoreGroup<TSimd, TVector, TOutput, TActivation>(row, x + (2 * DepthwiseConvKernel.PixelsPerBlock), ref output, activation, accumulator16, accumulator17, accumulator18, accumulator19, accumulator20, accumulator21, accumulator22, accumulator23);
        }
    }

    // eight accumulators, activated, → output pixels x … x+7 of the row (one group of a wide block)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreGroup<TSimd, TVector, TOutput, TActivation>(
        in DepthwiseRow row,
        int x,
        ref TOutput output,
        TActivation activation,
        TVector accumulator0,
        TVector accumulator1,
        TVector accumulator2,
        TVector accumulator3,
        TVector accumulator4,
        TVector accumulator5,
        TVector accumulator6,
        TVector accumulator7)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        output.Store(
            row.OutputRow,
            x,
            DepthwiseConvKernel.PixelsPerBlock,
            TSimd.Activate(accumulator0, activation),
            TSimd.Activate(accumulator1, activation),
            TSimd.Activate(accumulator2, activation),
            TSimd.Activate(accumulator3, activation),
            TSimd.Activate(accumulator4, activation),
            TSimd.Activate(accumulator5, activation),
            TSimd.Activate(accumulator6, activation),
            TSimd.Activate(accumulator7, activation));
    }
}
