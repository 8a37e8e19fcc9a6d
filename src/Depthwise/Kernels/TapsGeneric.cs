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
        var step1 = strideWidth * pixelStride;
        var step2 = 2 * step1;
        var step3 = 3 * step1;
        var step4 = 4 * step1;
        var step5 = 5 * step1;
        var step6 = 6 * step1;
        var step7 = 7 * step1;
        var firstColumn = (x * strideWidth) - row.PadLeft;
        var firstInput = row.Input + (firstColumn * pixelStride);

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
            for (var kx = 0; kx < kernelWidth; kx++)
            {
                var weight = TSimd.Load(weights);
                accumulator0 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, column, width), weight, accumulator0);
                accumulator1 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step1, column + strideWidth, width), weight, accumulator1);
                accumulator2 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step2, column + (2 * strideWidth), width), weight, accumulator2);
                accumulator3 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step3, column + (3 * strideWidth), width), weight, accumulator3);
                accumulator4 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step4, column + (4 * strideWidth), width), weight, accumulator4);
                accumulator5 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step5, column + (5 * strideWidth), width), weight, accumulator5);
                accumulator6 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step6, column + (6 * strideWidth), width), weight, accumulator6);
                accumulator7 = TSimd.MultiplyAdd(DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input + step7, column + (7 * strideWidth), width), weight, accumulator7);
                input += tapStep;
                column += dilationWidth;
                weights += lanes;
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
}
