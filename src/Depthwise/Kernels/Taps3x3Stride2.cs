namespace Depthwise.Kernels;

/// <summary>
/// 3×3 kernel, stride 2, dilation 1: the 9 taps of eight output pixels with every loaded input pixel reused by
/// all the outputs that read it. Per kernel row, the 17 input pixels the block spans are loaded once each and feed
/// 24 FMAs (20 loads with the 3 weights, against 27 for the generic tap loop), so the block is bound by the FMA
/// units rather than by loads. Eight accumulators, the kernel row's weights and one input register fit AVX2's 16 registers.
/// </summary>
/// <remarks>
/// Input column j of the block (j = 0 … 16, relative to the first tap of pixel 0) is tap kx = j − 2·p of output pixel p
/// for every p with 0 ≤ kx &lt; 3; visiting j in increasing order adds each pixel's taps in increasing kx, the order all kernels use.
/// </remarks>
internal readonly unsafe struct Taps3x3Stride2 : IDepthwiseTaps
{
    private const int Size = 3;

    private const int Stride = 2;

    public static void Block<TSimd, TVector, TColumns, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TColumns : struct, IColumnBounds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // input rows (ky, columns x·2 − padLeft …), weights (3×3, lanes) → output pixels x … x+7 of one row
        var lanes = TSimd.Count;
        var pixelStride = row.PixelStride;
        var width = row.InputWidth;
        var firstColumn = (x * Stride) - row.PadLeft;
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
            var weights = row.Weights + (ky * Size * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));
            var input = firstInput + (ky * row.TapRowStride);
            var value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn, width);
            accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 1, width);
            accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 2, width);
            accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 3, width);
            accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 4, width);
            accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 5, width);
            accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 6, width);
            accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 7, width);
            accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 8, width);
            accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 9, width);
            accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 10, width);
            accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 11, width);
            accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 12, width);
            accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 13, width);
            accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 14, width);
            accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight0, accumulator7);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 15, width);
            accumulator7 = TSimd.MultiplyAdd(value, weight1, accumulator7);
            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, TColumns>(input, firstColumn + 16, width);
            accumulator7 = TSimd.MultiplyAdd(value, weight2, accumulator7);
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
