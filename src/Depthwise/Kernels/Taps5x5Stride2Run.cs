using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// 5×5 kernel, stride 2, dilation 1, on a run of 14 output pixels of one row, or on a whole row of 7
/// (<see cref="IDepthwiseStride2RunTaps"/>): rows of 14, 28 or 42 output pixels are cut into runs instead of eight-pixel
/// blocks, so no pixel is computed twice (eight-pixel blocks compute 16 for a 14-pixel row, 32 for a 28-pixel one and
/// 8 for a 7-pixel one), and only the runs at a row's ends test their outer 4 columns against the image. Per kernel row,
/// a run loads its 31 input columns once each for 70 FMAs (17 for 35 in a row of 7); 14 accumulators,
/// 5 weights and one input need 20 of AVX-512's 32 registers.
/// </summary>
/// <remarks>
/// Input column j of the run (column 0 being the first pixel's kx = 0 tap) is tap kx = j − 2·p of output pixel p for
/// every p with 0 ≤ kx &lt; 5; visiting j in increasing order adds each pixel's taps in increasing kx, the order all
/// kernels use. Taps in padding columns add fma(0, w, acc), as the eight-pixel blocks do
/// (<see cref="Taps5x5Stride2"/>), so both give the same bits even for infinite weights or a −0 bias.
/// </remarks>
internal readonly unsafe struct Taps5x5Stride2Run : IDepthwiseStride2RunTaps
{
    private const int Size = 5;

    private const int Stride = 2;

    /// <inheritdoc />
    public static int KernelSize => Size;

    // input rows (ky, columns 2·x − padLeft … 2·x − padLeft + 30), weights (5×5, lanes) → output pixels x … x + 13 of one row
    public static void Run<TSimd, TVector, TRun, TOutput, TActivation>(in DepthwiseRow row, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
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
            var value = Column<TSimd, TVector>(input, firstColumn, width, TRun.PaddedFirst);
            accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

            input += pixelStride;
            value = Column<TSimd, TVector>(input, firstColumn + 1, width, TRun.PaddedFirst);
            accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);

            input += pixelStride;
            value = Column<TSimd, TVector>(input, firstColumn + 2, width, TRun.PaddedFirst);
            accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

            input += pixelStride;
            value = Column<TSimd, TVector>(input, firstColumn + 3, width, TRun.PaddedFirst);
            accumulator0 = TSimd.MultiplyAdd(value, weight3, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight4, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator1 = TSimd.MultiplyAdd(value, weight3, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator1 = TSimd.MultiplyAdd(value, weight4, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator2 = TSimd.MultiplyAdd(value, weight3, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator2 = TSimd.MultiplyAdd(value, weight4, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator3 = TSimd.MultiplyAdd(value, weight3, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator3 = TSimd.MultiplyAdd(value, weight4, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator4 = TSimd.MultiplyAdd(value, weight3, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator4 = TSimd.MultiplyAdd(value, weight4, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator5 = TSimd.MultiplyAdd(value, weight3, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator5 = TSimd.MultiplyAdd(value, weight4, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight0, accumulator7);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator6 = TSimd.MultiplyAdd(value, weight3, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight1, accumulator7);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator6 = TSimd.MultiplyAdd(value, weight4, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight2, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight0, accumulator8);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator7 = TSimd.MultiplyAdd(value, weight3, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight1, accumulator8);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator7 = TSimd.MultiplyAdd(value, weight4, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight2, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight0, accumulator9);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator8 = TSimd.MultiplyAdd(value, weight3, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight1, accumulator9);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator8 = TSimd.MultiplyAdd(value, weight4, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight2, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight0, accumulator10);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator9 = TSimd.MultiplyAdd(value, weight3, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight1, accumulator10);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator9 = TSimd.MultiplyAdd(value, weight4, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight2, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight0, accumulator11);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator10 = TSimd.MultiplyAdd(value, weight3, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight1, accumulator11);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator10 = TSimd.MultiplyAdd(value, weight4, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight2, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight0, accumulator12);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator11 = TSimd.MultiplyAdd(value, weight3, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight1, accumulator12);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator11 = TSimd.MultiplyAdd(value, weight4, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight2, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight0, accumulator13);

            input += pixelStride;
            value = Column<TSimd, TVector>(input, firstColumn + 27, width, TRun.PaddedLast);
            accumulator12 = TSimd.MultiplyAdd(value, weight3, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight1, accumulator13);

            input += pixelStride;
            value = Column<TSimd, TVector>(input, firstColumn + 28, width, TRun.PaddedLast);
            accumulator12 = TSimd.MultiplyAdd(value, weight4, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight2, accumulator13);

            input += pixelStride;
            value = Column<TSimd, TVector>(input, firstColumn + 29, width, TRun.PaddedLast);
            accumulator13 = TSimd.MultiplyAdd(value, weight3, accumulator13);

            input += pixelStride;
            value = Column<TSimd, TVector>(input, firstColumn + 30, width, TRun.PaddedLast);
            accumulator13 = TSimd.MultiplyAdd(value, weight4, accumulator13);
        }

        DepthwiseConvKernel.StoreRun<TSimd, TVector, TOutput, TActivation>(
            ref output, row.OutputRow, x, activation, false, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13);
    }

    // input rows (ky, columns −padLeft … 16 − padLeft), weights (5×5, lanes) → output pixels 0 … 6 of one row
    public static void RunSeven<TSimd, TVector, TOutput, TActivation>(in DepthwiseRow row, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var pixelStride = row.PixelStride;
        var width = row.InputWidth;
        var firstColumn = -row.PadLeft;
        var firstInput = row.Input + (firstColumn * pixelStride);
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
            var input = firstInput + (ky * row.TapRowStride);
            var value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn, width);
            accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn + 1, width);
            accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);

            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn + 2, width);
            accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn + 3, width);
            accumulator0 = TSimd.MultiplyAdd(value, weight3, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator0 = TSimd.MultiplyAdd(value, weight4, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator1 = TSimd.MultiplyAdd(value, weight3, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator1 = TSimd.MultiplyAdd(value, weight4, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator2 = TSimd.MultiplyAdd(value, weight3, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator2 = TSimd.MultiplyAdd(value, weight4, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator3 = TSimd.MultiplyAdd(value, weight3, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator3 = TSimd.MultiplyAdd(value, weight4, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator4 = TSimd.MultiplyAdd(value, weight3, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);

            input += pixelStride;
            value = TSimd.Load(input);
            accumulator4 = TSimd.MultiplyAdd(value, weight4, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn + 13, width);
            accumulator5 = TSimd.MultiplyAdd(value, weight3, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);

            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn + 14, width);
            accumulator5 = TSimd.MultiplyAdd(value, weight4, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);

            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn + 15, width);
            accumulator6 = TSimd.MultiplyAdd(value, weight3, accumulator6);

            input += pixelStride;
            value = DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, firstColumn + 16, width);
            accumulator6 = TSimd.MultiplyAdd(value, weight4, accumulator6);
        }

        var last = TSimd.Activate(accumulator6, activation);
        output.Store(row.OutputRow, 0, 7, TSimd.Activate(accumulator0, activation), TSimd.Activate(accumulator1, activation), TSimd.Activate(accumulator2, activation), TSimd.Activate(accumulator3, activation), TSimd.Activate(accumulator4, activation), TSimd.Activate(accumulator5, activation), last, last);
    }

    // A column at a run's padded end may lie outside the image (zero); elsewhere it is loaded without a test.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Column<TSimd, TVector>(float* input, int column, int width, bool mayBePadding)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct =>
        mayBePadding
            ? DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, column, width)
            : TSimd.Load(input);
}
