using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// 5×5 kernel, stride 2, dilation 1, on a run of 14 output pixels of one row, or on a whole row of 7
/// (<see cref="IDepthwiseStride2RunTaps"/>): rows of 14, 28, 42 or 56 output pixels are cut into runs instead of eight-pixel
/// blocks, so no pixel is computed twice (eight-pixel blocks compute 16 for a 14-pixel row, 32 for a 28-pixel one and
/// 8 for a 7-pixel one), and only the runs at a row's ends test their outer 4 columns against the image. Per kernel row,
/// a run computes its two halves of 7 pixels as a row of 7 is computed (17 columns for 35 FMAs each, one body,
/// <c>SevenKernelRow</c>): 34 loads of its 31 input columns for 70 FMAs; 14 accumulators, 5 weights and one input need
/// 20 of AVX-512's 32 registers.
/// </summary>
/// <remarks>
/// Input column j of a row of 7 (column 0 being the first pixel's kx = 0 tap) is tap kx = j − 2·p of output pixel p
/// for every p with 0 ≤ kx &lt; 5; visiting j in increasing order adds each pixel's taps in increasing kx, the order all
/// kernels use. Taps in padding columns add fma(0, w, acc), as the eight-pixel blocks do
/// (<see cref="Taps5x5Stride2"/>), so both give the same bits even for infinite weights or a −0 bias.
/// Each column is addressed at its own offset j·stride from the kernel row's first column: on blocked data
/// (<see cref="PixelStrides.Lanes"/>) a constant in the load's displacement, so no pointer steps between columns.
/// A row of 7 has 7 accumulators, one fewer than the 8 independent chains two 4-cycle FMA pipes need, and each
/// adds its 25 taps in a chain of 100 cycles of latency; <see cref="RunSevenRows{TSimd, TVector, TRows, TOutput, TActivation}"/>
/// therefore computes two or three rows of 7 at once (14 or 21 chains, 27 registers), each kernel row's 5 weights
/// serving all (see docs/kernels.md, "Session 15"); at vertical stride 2 two rows are a row pair that loads the three
/// input rows both read once (<c>SevenRowPairColumns</c>), and a group of three is a pair and a row alone: 288 and
/// 672×14² read 1.01–1.10 of the speed of the groups above on one copy of the data (docs/kernels.md, "Session 19:
/// 5×5 stride 2"). Rows of 7 of a 14-pixel input with padding 2 know their padding columns when compiled
/// (<see cref="ISevenRowPadding"/>). Runs on rows of two or more runs (56² inputs and wider, which stream from the L3)
/// prefetch the next output row's two new input rows, 14 lines per kernel row: 72×56² read 1.01–1.06 of the speed
/// without (docs/kernels.md, "Session 18: stride 2").
/// </remarks>
internal readonly unsafe partial struct Taps5x5Stride2Run : IDepthwiseStride2RunTaps
{
    private const int Size = 5;

    private const int Stride = 2;

    /// <inheritdoc />
    public static int KernelSize => Size;

    // input rows (ky, columns 2·x − padLeft … 2·x − padLeft + 30) of output row y, weights (5×5, lanes) → output pixels
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

    // input rows (ky, columns −padLeft … 16 − padLeft) of TRows (1–3) consecutive output rows from `y`, weights (5×5,
    // lanes) → output pixels 0 … 6 of each: each kernel row's weights are loaded once for all of them, and their
    // 7·TRows accumulators are independent chains
    public static void RunSevenRows<TSimd, TVector, TRows, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IGemmCount
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (TRows.Value > 1 && block.StrideHeight == Stride)
        {
            SevenRowPair<TSimd, TVector, TOutput, TActivation>(block, y, ref output, activation);
            if (TRows.Value > 2)
            {
                RunSevenRows<TSimd, TVector, GemmCount.One, TOutput, TActivation>(block, y + 2, ref output, activation);
            }

            return;
        }

        if (block.PixelStride == TSimd.Count && block.PadLeft == SevenRowPadding.TwoLeftOneRight.Left && block.InputWidth == 14)
        {
            SevenRowColumns<TSimd, TVector, TRows, PixelStrides.Lanes, SevenRowPadding.TwoLeftOneRight, TOutput, TActivation>(block, y, ref output, activation);
            return;
        }

        if (block.PixelStride == TSimd.Count)
        {
            SevenRowColumns<TSimd, TVector, TRows, PixelStrides.Lanes, SevenRowPadding.Tested, TOutput, TActivation>(block, y, ref output, activation);
            return;
        }

        SevenRowColumns<TSimd, TVector, TRows, PixelStrides.Given, SevenRowPadding.Tested, TOutput, TActivation>(block, y, ref output, activation);
    }

    // Run, with columns TPixelStride apart. A method of its own (not inlined into Run's caller): inlined there, after the
    // row driver had spent the JIT's inlining budget, its two SevenKernelRow calls stayed calls in some instantiations
    // (seen in `bench --suite mobilenet-v3` on 96×28², rows of 14 with both ends padded), their accumulators passed by
    // reference through memory, and the layer ran 3.4× slower than alone.
    [MethodImpl(MethodImplOptions.NoInlining)]
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
            var weight3 = TSimd.Load(weights + (3 * lanes));
            var weight4 = TSimd.Load(weights + (4 * lanes));
            var input = firstInput + (ky * rowStride);
            if (!(TRun.PaddedFirst && TRun.PaddedLast))
            {
                PrefetchNextRows(firstInput + (5 * rowStride) + (ky * 7 * stride), stride, rowStride);
            }

            // Pixels 0–6 read columns 0–16 and pixels 7–13 columns 14–30: columns 14–16 are loaded twice.
            SevenKernelRow<TSimd, TVector, SevenRowPadding.Tested>(
                input, stride, firstColumn, width, TRun.PaddedFirst, false, weight0, weight1, weight2, weight3, weight4, ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6);
            SevenKernelRow<TSimd, TVector, SevenRowPadding.Tested>(
                input + (14 * stride), stride, firstColumn + 14, width, false, TRun.PaddedLast, weight0, weight1, weight2, weight3, weight4, ref accumulator7, ref accumulator8, ref accumulator9, ref accumulator10, ref accumulator11, ref accumulator12, ref accumulator13);
        }

        DepthwiseConvKernel.StoreRun<TSimd, TVector, TOutput, TActivation>(
            ref output, y, x, activation, false, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, accumulator8, accumulator9, accumulator10, accumulator11, accumulator12, accumulator13);
    }

    // RunSevenRows, with columns TPixelStride apart (a method of its own per stride: with both inlined into one caller,
    // the JIT ran out of tracked locals and kept the second one's accumulators on the stack). Kernel row ky is added to
    // each row whose input row at ky is inside the image: a lower row's reach into the top padding or an upper row's into
    // the bottom padding is skipped, and each row still adds its kernel rows in increasing ky.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SevenRowColumns<TSimd, TVector, TRows, TPixelStride, TPadding, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IGemmCount
        where TPixelStride : struct, IPixelStride
        where TPadding : struct, ISevenRowPadding
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var stride = TPixelStride.Floats(block.PixelStride, lanes);
        var width = block.InputWidth;
        var firstColumn = -block.PadLeft;
        var height = block.InputHeight;
        var rowStride = block.RowStride;

        // Row i of the group starts at input row origin + i·originStep.
        var originStep = block.StrideHeight;
        var origin = block.InputRowOrigin(y);
        var firstInput = block.Input + (origin * rowStride) + (firstColumn * stride);
        var rowStep = originStep * rowStride;

        // Lower rows start no later and end no later in ky: the last row's first kernel row is the lowest.
        var ky = block.KernelRowsInside(origin + ((TRows.Value - 1) * originStep), Size).First;
        var kyEnd = block.KernelRowsInside(origin, Size).End;
        var firstAccumulator0 = TSimd.Load(block.Bias);
        var firstAccumulator1 = firstAccumulator0;
        var firstAccumulator2 = firstAccumulator0;
        var firstAccumulator3 = firstAccumulator0;
        var firstAccumulator4 = firstAccumulator0;
        var firstAccumulator5 = firstAccumulator0;
        var firstAccumulator6 = firstAccumulator0;
        var secondAccumulator0 = firstAccumulator0;
        var secondAccumulator1 = firstAccumulator0;
        var secondAccumulator2 = firstAccumulator0;
        var secondAccumulator3 = firstAccumulator0;
        var secondAccumulator4 = firstAccumulator0;
        var secondAccumulator5 = firstAccumulator0;
        var secondAccumulator6 = firstAccumulator0;
        var thirdAccumulator0 = firstAccumulator0;
        var thirdAccumulator1 = firstAccumulator0;
        var thirdAccumulator2 = firstAccumulator0;
        var thirdAccumulator3 = firstAccumulator0;
        var thirdAccumulator4 = firstAccumulator0;
        var thirdAccumulator5 = firstAccumulator0;
        var thirdAccumulator6 = firstAccumulator0;
        for (; ky < kyEnd; ky++)
        {
            var weights = block.Weights + (ky * Size * lanes);
            var weight0 = TSimd.Load(weights);
            var weight1 = TSimd.Load(weights + lanes);
            var weight2 = TSimd.Load(weights + (2 * lanes));
            var weight3 = TSimd.Load(weights + (3 * lanes));
            var weight4 = TSimd.Load(weights + (4 * lanes));
            var inputRow = origin + ky;
            var input = firstInput + (ky * rowStride);
            if ((uint)inputRow < (uint)height)
            {
                SevenKernelRow<TSimd, TVector, TPadding>(
                    input, stride, firstColumn, width, true, true, weight0, weight1, weight2, weight3, weight4, ref firstAccumulator0, ref firstAccumulator1, ref firstAccumulator2, ref firstAccumulator3, ref firstAccumulator4, ref firstAccumulator5, ref firstAccumulator6);
            }

            if (TRows.Value > 1 && (uint)(inputRow + originStep) < (uint)height)
            {
                SevenKernelRow<TSimd, TVector, TPadding>(
                    input + rowStep, stride, firstColumn, width, true, true, weight0, weight1, weight2, weight3, weight4, ref secondAccumulator0, ref secondAccumulator1, ref secondAccumulator2, ref secondAccumulator3, ref secondAccumulator4, ref secondAccumulator5, ref secondAccumulator6);
            }

            if (TRows.Value > 2 && (uint)(inputRow + (2 * originStep)) < (uint)height)
            {
                SevenKernelRow<TSimd, TVector, TPadding>(
                    input + (2 * rowStep), stride, firstColumn, width, true, true, weight0, weight1, weight2, weight3, weight4, ref thirdAccumulator0, ref thirdAccumulator1, ref thirdAccumulator2, ref thirdAccumulator3, ref thirdAccumulator4, ref thirdAccumulator5, ref thirdAccumulator6);
            }
        }

        // In increasing y: a row of 7 stored as a block of eight writes one pixel past its end, onto the next row's first.
        DepthwiseConvKernel.StoreSeven<TSimd, TVector, TOutput, TActivation>(ref output, y, activation, firstAccumulator0, firstAccumulator1, firstAccumulator2, firstAccumulator3, firstAccumulator4, firstAccumulator5, firstAccumulator6);
        if (TRows.Value > 1)
        {
            DepthwiseConvKernel.StoreSeven<TSimd, TVector, TOutput, TActivation>(ref output, y + 1, activation, secondAccumulator0, secondAccumulator1, secondAccumulator2, secondAccumulator3, secondAccumulator4, secondAccumulator5, secondAccumulator6);
        }

        if (TRows.Value > 2)
        {
            DepthwiseConvKernel.StoreSeven<TSimd, TVector, TOutput, TActivation>(ref output, y + 2, activation, thirdAccumulator0, thirdAccumulator1, thirdAccumulator2, thirdAccumulator3, thirdAccumulator4, thirdAccumulator5, thirdAccumulator6);
        }
    }

    // one input row (17 columns from `input`, `stride` floats apart, the first being image column `firstColumn`), kernel
    // row ky's weights → its 35 taps added to the accumulators of 7 output pixels (a row of 7, or half a run of 14): the
    // first and last 4 columns are tested against the image where they may be padding
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SevenKernelRow<TSimd, TVector, TPadding>(
        float* input,
        nint stride,
        int firstColumn,
        int width,
        bool mayBePaddingFirst,
        bool mayBePaddingLast,
        TVector weight0,
        TVector weight1,
        TVector weight2,
        TVector weight3,
        TVector weight4,
        ref TVector accumulator0,
        ref TVector accumulator1,
        ref TVector accumulator2,
        ref TVector accumulator3,
        ref TVector accumulator4,
        ref TVector accumulator5,
        ref TVector accumulator6)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TPadding : struct, ISevenRowPadding
    {
        var value = Column<TSimd, TVector, TPadding>(input, 0, firstColumn, width, mayBePaddingFirst);
        accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

        value = Column<TSimd, TVector, TPadding>(input + stride, 1, firstColumn + 1, width, mayBePaddingFirst);
        accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);

        value = Column<TSimd, TVector, TPadding>(input + (2 * stride), 2, firstColumn + 2, width, mayBePaddingFirst);
        accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
        accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

        value = Column<TSimd, TVector, TPadding>(input + (3 * stride), 3, firstColumn + 3, width, mayBePaddingFirst);
        accumulator0 = TSimd.MultiplyAdd(value, weight3, accumulator0);
        accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);

        value = TSimd.Load(input + (4 * stride));
        accumulator0 = TSimd.MultiplyAdd(value, weight4, accumulator0);
        accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
        accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

        value = TSimd.Load(input + (5 * stride));
        accumulator1 = TSimd.MultiplyAdd(value, weight3, accumulator1);
        accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);

        value = TSimd.Load(input + (6 * stride));
        accumulator1 = TSimd.MultiplyAdd(value, weight4, accumulator1);
        accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
        accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

        value = TSimd.Load(input + (7 * stride));
        accumulator2 = TSimd.MultiplyAdd(value, weight3, accumulator2);
        accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);

        value = TSimd.Load(input + (8 * stride));
        accumulator2 = TSimd.MultiplyAdd(value, weight4, accumulator2);
        accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
        accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

        value = TSimd.Load(input + (9 * stride));
        accumulator3 = TSimd.MultiplyAdd(value, weight3, accumulator3);
        accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);

        value = TSimd.Load(input + (10 * stride));
        accumulator3 = TSimd.MultiplyAdd(value, weight4, accumulator3);
        accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
        accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

        value = TSimd.Load(input + (11 * stride));
        accumulator4 = TSimd.MultiplyAdd(value, weight3, accumulator4);
        accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);

        value = TSimd.Load(input + (12 * stride));
        accumulator4 = TSimd.MultiplyAdd(value, weight4, accumulator4);
        accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
        accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

        value = Column<TSimd, TVector, TPadding>(input + (13 * stride), 13, firstColumn + 13, width, mayBePaddingLast);
        accumulator5 = TSimd.MultiplyAdd(value, weight3, accumulator5);
        accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);

        value = Column<TSimd, TVector, TPadding>(input + (14 * stride), 14, firstColumn + 14, width, mayBePaddingLast);
        accumulator5 = TSimd.MultiplyAdd(value, weight4, accumulator5);
        accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);

        value = Column<TSimd, TVector, TPadding>(input + (15 * stride), 15, firstColumn + 15, width, mayBePaddingLast);
        accumulator6 = TSimd.MultiplyAdd(value, weight3, accumulator6);

        value = Column<TSimd, TVector, TPadding>(input + (16 * stride), 16, firstColumn + 16, width, mayBePaddingLast);
        accumulator6 = TSimd.MultiplyAdd(value, weight4, accumulator6);
    }

    // Columns 7·ky … 7·ky + 6 of the two input rows the next output row reads and this one does not (rows 5 and 6 from
    // this row's origin at vertical stride 2, at `ahead` and `ahead` + rowStride): over the 5 kernel rows the run's 31
    // columns and a few of the next run's, into L1 (a hint: never faults).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchNextRows(float* ahead, nint stride, nint rowStride)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var below = ahead + rowStride;
        Sse.Prefetch0(ahead);
        Sse.Prefetch0(below);
        Sse.Prefetch0(ahead + stride);
        Sse.Prefetch0(below + stride);
        Sse.Prefetch0(ahead + (2 * stride));
        Sse.Prefetch0(below + (2 * stride));
        Sse.Prefetch0(ahead + (3 * stride));
        Sse.Prefetch0(below + (3 * stride));
        Sse.Prefetch0(ahead + (4 * stride));
        Sse.Prefetch0(below + (4 * stride));
        Sse.Prefetch0(ahead + (5 * stride));
        Sse.Prefetch0(below + (5 * stride));
        Sse.Prefetch0(ahead + (6 * stride));
        Sse.Prefetch0(below + (6 * stride));
    }

    // Column `index` (0 … 16) of a row of 7 or half run, image column `column`: with known padding zero or a plain load;
    // otherwise, at a run's padded end, tested against the image (zero outside), and elsewhere loaded without a test.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Column<TSimd, TVector, TPadding>(float* input, int index, int column, int width, bool mayBePadding)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TPadding : struct, ISevenRowPadding
    {
        if (TPadding.Known)
        {
            return index < TPadding.Left || index >= 17 - TPadding.Right ? TSimd.Zero : TSimd.Load(input);
        }

        return mayBePadding
            ? DepthwiseConvKernel.LoadColumn<TSimd, TVector, ClippedColumns>(input, column, width)
            : TSimd.Load(input);
    }
}
