using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// 3×3 kernel, stride 2, dilation 1, on a run of 14 output pixels of one row, or on whole rows of 7 two at a time
/// (<see cref="IDepthwiseStride2RunTaps"/>; the row pairs are in Taps3x3Stride2Run.RowPairs.cs): rows of 14, 28, 42 or
/// 56 output pixels are cut into runs instead of eight-pixel blocks, so no pixel is computed twice (eight-pixel blocks
/// compute 16 for a 14-pixel row, 32 for a 28-pixel one and 8 for a 7-pixel one), and only the runs at a row's ends
/// test their outer 2 columns against the image. Per kernel row, a run loads its 29 input columns once each for 42
/// FMAs; 14 accumulators, 3 weights and one input need 18 of AVX-512's 32 registers.
/// Each column loaded is also prefetched two input rows down (row 2·y + ky + 2): of the next output row's three input
/// rows two are new, and at 3 × 3 a row's 42 FMAs per 29 columns leave the stream from L2 just short of its bandwidth,
/// so the rows must be in L1 before they are needed (session 9: 240 × 28² s2 13.5–13.7 → 11.8–12.2 µs; at 5 × 5,
/// with 70 FMAs per 31 columns, it changed nothing then; the 5×5 runs prefetch the next row's two new rows since session 18).
/// </summary>
/// <remarks>
/// Input column j of the run (column 0 being the first pixel's kx = 0 tap) is tap kx = j − 2·p of output pixel p for
/// every p with 0 ≤ kx &lt; 3; visiting j in increasing order adds each pixel's taps in increasing kx, the order all
/// kernels use. Taps in padding columns add fma(0, w, acc), as the eight-pixel blocks do
/// (<see cref="Taps3x3Stride2"/>), so both give the same bits even for infinite weights or a −0 bias.
/// Each column is addressed at its own offset j·stride from the kernel row's first column, and on blocked data (pixels
/// one register apart, <see cref="PixelStrides.Lanes"/>) that offset is a constant folded into the load's displacement;
/// each prefetch comes before its column's load, so a column used once becomes the FMA's memory operand. That takes a
/// kernel row from about 180 to 137 instructions around its 42 FMAs (before: 29 column loads, 29 pointer steps, 29
/// prefetch addresses; after: 17 column loads, no steps, the same prefetches): the run issued about 4.3 instructions
/// per FMA, and ran at 84–105 GFLOP/s on 28² inputs of 16 to 256 channels alike, 62 KB to 1 MB (docs/kernels.md,
/// "Session 14").
/// </remarks>
internal readonly unsafe partial struct Taps3x3Stride2Run : IDepthwiseStride2RunTaps
{
    private const int Size = 3;

    private const int Stride = 2;

    /// <inheritdoc />
    public static int KernelSize => Size;

    // input rows (ky, columns 2·x − padLeft … 2·x − padLeft + 28) of output row y, weights (3×3, lanes) → output pixels
    // x … x + 13 of that row
    public static void RunAt<TSimd, TVector, TRun, TOutput, TActivation>(in ChannelBlockRows block, int y, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (block.PixelStride == TSimd.Count)
        {
            RunColumns<TSimd, TVector, TRun, PixelStrides.Lanes, TOutput, TActivation>(block, y, x, ref output, activation);
            return;
        }

        RunColumns<TSimd, TVector, TRun, PixelStrides.Given, TOutput, TActivation>(block, y, x, ref output, activation);
    }

    // input rows (ky, columns −padLeft … 14 − padLeft) of TRows (1–3) consecutive output rows from y, weights (3×3, lanes)
    // → output pixels 0 … 6 of each, in increasing y: two rows as a pair when the vertical stride is 2 (they share an input
    // row), otherwise and for a third row one row alone
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunSevenRows<TSimd, TVector, TRows, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IGemmCount
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (TRows.Value == 1)
        {
            SevenRowPair<TSimd, TVector, GemmCount.One, TOutput, TActivation>(block, y, ref output, activation);
            return;
        }

        if (block.StrideHeight == Stride)
        {
            SevenRowPair<TSimd, TVector, GemmCount.Two, TOutput, TActivation>(block, y, ref output, activation);
        }
        else
        {
            SevenRowPair<TSimd, TVector, GemmCount.One, TOutput, TActivation>(block, y, ref output, activation);
            SevenRowPair<TSimd, TVector, GemmCount.One, TOutput, TActivation>(block, y + 1, ref output, activation);
        }

        if (TRows.Value > 2)
        {
            SevenRowPair<TSimd, TVector, GemmCount.One, TOutput, TActivation>(block, y + 2, ref output, activation);
        }
    }

    // TRows (1 or 2) rows of 7 of RunSevenRows, through the body for the block's pixel stride
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SevenRowPair<TSimd, TVector, TRows, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IGemmCount
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (block.PixelStride == TSimd.Count)
        {
            SevenRowPairColumns<TSimd, TVector, TRows, PixelStrides.Lanes, TOutput, TActivation>(block, y, ref output, activation);
            return;
        }

        SevenRowPairColumns<TSimd, TVector, TRows, PixelStrides.Given, TOutput, TActivation>(block, y, ref output, activation);
    }

    // Run, with columns TPixelStride apart
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunColumns<TSimd, TVector, TRun, TPixelStride, TOutput, TActivation>(in ChannelBlockRows block, int y, int x, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TPixelStride : struct, IPixelStride
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var stride = TPixelStride.Floats(block.PixelStride, lanes);
        var width = block.InputWidth;
        var rowStride = block.RowStride;
        var origin = block.InputRowOrigin(y);
        var (kyFirst, kyEnd) = block.KernelRowsInside(origin, Size);
        var firstColumn = (x * Stride) - block.PadLeft;
        var firstInput = block.Input + (origin * rowStride) + (firstColumn * stride);
        var accumulator0 = TSimd.Load(block.Bias);
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
        for (var ky = kyFirst; ky < kyEnd; ky++)
        {
            var weights = block.Weights + (ky * Size * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));
            var input = firstInput + (ky * rowStride);
            var ahead = input + (2 * rowStride);
            Prefetch(ahead);
            var value = Column<TSimd, TVector>(input, firstColumn, width, TRun.PaddedFirst);
            accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

            Prefetch(ahead + stride);
            value = Column<TSimd, TVector>(input + stride, firstColumn + 1, width, TRun.PaddedFirst);
            accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);

            Prefetch(ahead + (2 * stride));
            value = TSimd.Load(input + (2 * stride));
            accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
            accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

            Prefetch(ahead + (3 * stride));
            accumulator1 = TSimd.MultiplyAdd(TSimd.Load(input + (3 * stride)), weight1, accumulator1);

            Prefetch(ahead + (4 * stride));
            value = TSimd.Load(input + (4 * stride));
            accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
            accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

            Prefetch(ahead + (5 * stride));
            accumulator2 = TSimd.MultiplyAdd(TSimd.Load(input + (5 * stride)), weight1, accumulator2);

            Prefetch(ahead + (6 * stride));
            value = TSimd.Load(input + (6 * stride));
            accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
            accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

            Prefetch(ahead + (7 * stride));
            accumulator3 = TSimd.MultiplyAdd(TSimd.Load(input + (7 * stride)), weight1, accumulator3);

            Prefetch(ahead + (8 * stride));
            value = TSimd.Load(input + (8 * stride));
            accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
            accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

            Prefetch(ahead + (9 * stride));
            accumulator4 = TSimd.MultiplyAdd(TSimd.Load(input + (9 * stride)), weight1, accumulator4);

            Prefetch(ahead + (10 * stride));
            value = TSimd.Load(input + (10 * stride));
            accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
            accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

            Prefetch(ahead + (11 * stride));
            accumulator5 = TSimd.MultiplyAdd(TSimd.Load(input + (11 * stride)), weight1, accumulator5);

            Prefetch(ahead + (12 * stride));
            value = TSimd.Load(input + (12 * stride));
            accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
            accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

            Prefetch(ahead + (13 * stride));
            accumulator6 = TSimd.MultiplyAdd(TSimd.Load(input + (13 * stride)), weight1, accumulator6);

            Prefetch(ahead + (14 * stride));
            value = TSimd.Load(input + (14 * stride));
            accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);
            accumulator7 = TSimd.MultiplyAdd(value, weight0, accumulator7);

            Prefetch(ahead + (15 * stride));
            accumulator7 = TSimd.MultiplyAdd(TSimd.Load(input + (15 * stride)), weight1, accumulator7);

            Prefetch(ahead + (16 * stride));
            value = TSimd.Load(input + (16 * stride));
            accumulator7 = TSimd.MultiplyAdd(value, weight2, accumulator7);
            accumulator8 = TSimd.MultiplyAdd(value, weight0, accumulator8);

            Prefetch(ahead + (17 * stride));
            accumulator8 = TSimd.MultiplyAdd(TSimd.Load(input + (17 * stride)), weight1, accumulator8);

            Prefetch(ahead + (18 * stride));
            value = TSimd.Load(input + (18 * stride));
            accumulator8 = TSimd.MultiplyAdd(value, weight2, accumulator8);
            accumulator9 = TSimd.MultiplyAdd(value, weight0, accumulator9);

            Prefetch(ahead + (19 * stride));
            accumulator9 = TSimd.MultiplyAdd(TSimd.Load(input + (19 * stride)), weight1, accumulator9);

            Prefetch(ahead + (20 * stride));
            value = TSimd.Load(input + (20 * stride));
            accumulator9 = TSimd.MultiplyAdd(value, weight2, accumulator9);
            accumulator10 = TSimd.MultiplyAdd(value, weight0, accumulator10);

            Prefetch(ahead + (21 * stride));
            accumulator10 = TSimd.MultiplyAdd(TSimd.Load(input + (21 * stride)), weight1, accumulator10);

            Prefetch(ahead + (22 * stride));
            value = TSimd.Load(input + (22 * stride));
            accumulator10 = TSimd.MultiplyAdd(value, weight2, accumulator10);
            accumulator11 = TSimd.MultiplyAdd(value, weight0, accumulator11);

            Prefetch(ahead + (23 * stride));
            accumulator11 = TSimd.MultiplyAdd(TSimd.Load(input + (23 * stride)), weight1, accumulator11);

            Prefetch(ahead + (24 * stride));
            value = TSimd.Load(input + (24 * stride));
            accumulator11 = TSimd.MultiplyAdd(value, weight2, accumulator11);
            accumulator12 = TSimd.MultiplyAdd(value, weight0, accumulator12);

            Prefetch(ahead + (25 * stride));
            accumulator12 = TSimd.MultiplyAdd(TSimd.Load(input + (25 * stride)), weight1, accumulator12);

            Prefetch(ahead + (26 * stride));
            value = TSimd.Load(input + (26 * stride));
            accumulator12 = TSimd.MultiplyAdd(value, weight2, accumulator12);
            accumulator13 = TSimd.MultiplyAdd(value, weight0, accumulator13);

            Prefetch(ahead + (27 * stride));
            value = Column<TSimd, TVector>(input + (27 * stride), firstColumn + 27, width, TRun.PaddedLast);
            accumulator13 = TSimd.MultiplyAdd(value, weight1, accumulator13);

            Prefetch(ahead + (28 * stride));
            value = Column<TSimd, TVector>(input + (28 * stride), firstColumn + 28, width, TRun.PaddedLast);
            accumulator13 = TSimd.MultiplyAdd(value, weight2, accumulator13);
        }

        DepthwiseConvKernel.StoreRun<TSimd, TVector, TOutput, TActivation>(
            ref output, y, x, activation, false, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13);
    }

    // A column at a run's padded end may lie outside the image (zero); elsewhere it is loaded without a test.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Column<TSimd, TVector>(float* input, int column, int width, bool mayBePadding)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct =>
        mayBePadding
            ? DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, column, width)
            : TSimd.Load(input);

    // Into L1, if the processor has the instruction (a hint: never faults, so rows past the image cost nothing).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }
}
