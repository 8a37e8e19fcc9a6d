namespace Depthwise.Kernels;

/// <summary>
/// The generic tap loop for sixteen output pixels of one row (two blocks side by side), for 16-lane registers only:
/// each weight load feeds sixteen FMAs, and sixteen accumulators give Zen 5's two 4-cycle FMA pipes twice the
/// independent chains the eight-pixel <see cref="TapsGeneric"/> leaves them (exactly the eight they need, with no
/// slack for a late load). A clipped block tests its columns only for the kernel columns that reach into the padding,
/// as TapsGeneric does. Same operations per output element as <see cref="TapsGeneric"/> (bias, then one FMA per tap
/// in (ky, kx) order), so the same bits.
/// </summary>
internal static unsafe class TapsGenericWide
{
    /// <summary>Output pixels one call computes.</summary>
    public const int Pixels = 2 * DepthwiseConvKernel.PixelsPerBlock;

    public static void Block<TSimd, TVector, TColumns, TPixelStep, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TPixelStep : struct, IGenericPixelStep
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input rows (ky·dH, columns x·sW − padLeft + kx·dW … + 15·sW), weights (kH×kW, lanes) → output pixels x … x+15
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
        var (interiorFirst, interiorEnd) = TColumns.Clipped
            ? TapsGeneric.InteriorTaps(firstColumn, (Pixels - 1) * strideWidth, width, kernelWidth, dilationWidth)
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
        for (var ky = row.KyFirst; ky < row.KyEnd; ky++)
        {
            // The second eight pixels read from their own pointer so that the offsets stay within the eight an
            // address's scaled index can express.
            var input = firstInput + (ky * row.TapRowStride);
            var upper = input + (DepthwiseConvKernel.PixelsPerBlock * step);
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
                        input += tapStep;
                        upper += tapStep;
                    }
                }
                else
                {
                    for (; kx < runEnd; kx++)
                    {
                        var weight = TSimd.Load(weights + (kx * lanes));
                        TapsGeneric.Tap<TSimd, TVector, InteriorColumns>(input, 0, step, strideWidth, width, weight, ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6, ref accumulator7);
                        TapsGeneric.Tap<TSimd, TVector, InteriorColumns>(upper, 0, step, strideWidth, width, weight, ref accumulator8, ref accumulator9, ref accumulator10, ref accumulator11, ref accumulator12, ref accumulator13, ref accumulator14, ref accumulator15);
                        input += tapStep;
                        upper += tapStep;
                    }
                }
            }
        }

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
        output.Store(
            row.OutputRow,
            x + DepthwiseConvKernel.PixelsPerBlock,
            DepthwiseConvKernel.PixelsPerBlock,
            TSimd.Activate(accumulator8, activation),
            TSimd.Activate(accumulator9, activation),
            TSimd.Activate(accumulator10, activation),
            TSimd.Activate(accumulator11, activation),
            TSimd.Activate(accumulator12, activation),
            TSimd.Activate(accumulator13, activation),
            TSimd.Activate(accumulator14, activation),
            TSimd.Activate(accumulator15, activation));
    }
}
