namespace Depthwise.Kernels;

/// <summary>
/// 5×5 kernel, stride 1, dilation 1, on a run of 14 output pixels (<see cref="IPaddedEnds"/>: here the two columns
/// before and the two after the run) of one row: rows of 14·k pixels with two padding columns each side (MobileNetV3's
/// 14² and 28² 5×5 layers) are cut into runs instead of eight-pixel blocks, so no pixel is computed twice (eight-pixel
/// blocks compute 16 for a 14-pixel row, and both of its blocks test every load against the row's ends), and the
/// padding columns are zero registers known when the JIT compiles the run. Per kernel row, a run loads its 14–18 input
/// columns once each for 70 FMAs; 14 accumulators, 5 weights and one input need 20 of AVX-512's 32 registers.
/// </summary>
/// <remarks>
/// Input column j of the run (j = 0 … 17, column 0 being the first pixel's kx = 0 tap) is tap kx = j − p of output
/// pixel p for every p with 0 ≤ kx &lt; 5; visiting j in increasing order adds each pixel's taps in increasing kx, the
/// order all kernels use. Taps in padding columns add fma(0, w, acc), as the eight-pixel blocks do, so both give the
/// same bits even for infinite weights or a −0 bias.
/// </remarks>
internal readonly unsafe struct Taps5x5Stride1Run : IDepthwiseRunTaps, IDepthwiseSevenPixelRun
{
    private const int Size = 5;

    /// <inheritdoc />
    public static int PaddingColumns => 2;

    // input rows (ky, columns x − 2 … x + 15), weights (5×5, lanes) → output pixels x … x + 13 of one row
    public static void Run<TSimd, TVector, TRun, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var pixelStride = row.PixelStride;
        var firstInput = row.Input + ((x - 2) * pixelStride);
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
        for (var ky = row.KyFirst; ky < row.KyEnd; ky++)
        {
            var weights = row.Weights + (ky * Size * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));
            var weight3 = TSimd.Load(weights + (3 * lanes));
            var weight4 = TSimd.Load(weights + (4 * lanes));
            var input = firstInput + (ky * row.TapRowStride);
            var value = TRun.PaddedFirst ? TSimd.Zero : TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

            input += pixelStride;
            value = TRun.PaddedFirst ? TSimd.Zero : TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight3, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight4, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight3, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator1 = TSimd.MultiplyAdd(value, weight4, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight3, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator2 = TSimd.MultiplyAdd(value, weight4, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight3, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator3 = TSimd.MultiplyAdd(value, weight4, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight3, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight0, accumulator7);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator4 = TSimd.MultiplyAdd(value, weight4, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight3, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight1, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight0, accumulator8);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator5 = TSimd.MultiplyAdd(value, weight4, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight3, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight2, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight1, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight0, accumulator9);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator6 = TSimd.MultiplyAdd(value, weight4, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight3, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight2, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight1, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight0, accumulator10);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator7 = TSimd.MultiplyAdd(value, weight4, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight3, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight2, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight1, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight0, accumulator11);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator8 = TSimd.MultiplyAdd(value, weight4, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight3, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight2, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight1, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight0, accumulator12);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator9 = TSimd.MultiplyAdd(value, weight4, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight3, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight2, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight1, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight0, accumulator13);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator10 = TSimd.MultiplyAdd(value, weight4, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight3, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight2, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight1, accumulator13);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator11 = TSimd.MultiplyAdd(value, weight4, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight3, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight2, accumulator13);

            input += pixelStride;
            value = TRun.PaddedLast ? TSimd.Zero : TSimd.Load(input);
            accumulator12 = TSimd.MultiplyAdd(value, weight4, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight3, accumulator13);

            input += pixelStride;
            value = TRun.PaddedLast ? TSimd.Zero : TSimd.Load(input);
            accumulator13 = TSimd.MultiplyAdd(value, weight4, accumulator13);
        }

        DepthwiseConvKernel.StoreRun<TSimd, TVector, TOutput, TActivation>(
            ref output, row.OutputRow, x, activation, false, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13);
    }

    /// <summary>
    /// A whole row of 7 pixels with two padding columns each side (the 7² layers): 7 accumulators, and per kernel row
    /// 7 input columns loaded once each (the four padding columns are zero registers) for 35 FMAs, where an eight-pixel
    /// block computes 8 pixels with 40 FMAs and tests each of its 12 loads against the row's ends.
    /// </summary>
    // input rows (ky, columns 0 … 6), weights (5×5, lanes) → output pixels 0 … 6 of one row
    public static void RunSeven<TSimd, TVector, TOutput, TActivation>(in DepthwiseRow row, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var pixelStride = row.PixelStride;
        var accumulator0 = TSimd.Load(row.Bias);
        var accumulator1 = accumulator0;
        var accumulator2 = accumulator0;
        var accumulator3 = accumulator0;
        var accumulator4 = accumulator0;
        var accumulator5 = accumulator0;
        var accumulator6 = accumulator0;
        for (var ky = row.KyFirst; ky < row.KyEnd; ky++)
        {
            var weights = row.Weights + (ky * Size * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));
            var weight3 = TSimd.Load(weights + (3 * lanes));
            var weight4 = TSimd.Load(weights + (4 * lanes));
            var input = row.Input + (ky * row.TapRowStride);
            var value = TSimd.Zero;
            accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

            value = TSimd.Zero;
            accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

            value = TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

            value = TSimd.Load(input + pixelStride);
            accumulator0 = TSimd.MultiplyAdd(value, weight3, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

            value = TSimd.Load(input + (2 * pixelStride));
            accumulator0 = TSimd.MultiplyAdd(value, weight4, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight3, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

            value = TSimd.Load(input + (3 * pixelStride));
            accumulator1 = TSimd.MultiplyAdd(value, weight4, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight3, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

            value = TSimd.Load(input + (4 * pixelStride));
            accumulator2 = TSimd.MultiplyAdd(value, weight4, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight3, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

            value = TSimd.Load(input + (5 * pixelStride));
            accumulator3 = TSimd.MultiplyAdd(value, weight4, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight3, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);

            value = TSimd.Load(input + (6 * pixelStride));
            accumulator4 = TSimd.MultiplyAdd(value, weight4, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight3, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);

            value = TSimd.Zero;
            accumulator5 = TSimd.MultiplyAdd(value, weight4, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight3, accumulator6);

            value = TSimd.Zero;
            accumulator6 = TSimd.MultiplyAdd(value, weight4, accumulator6);
        }

        DepthwiseConvKernel.StoreSeven<TSimd, TVector, TOutput, TActivation>(
            ref output, row.OutputRow, activation, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6);
    }
}
