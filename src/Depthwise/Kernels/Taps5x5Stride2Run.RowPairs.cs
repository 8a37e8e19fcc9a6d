using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// 5×5 stride 2 with vertical stride 2: two output rows of 7 at a time, reading their seven input rows once each. Output
/// rows y and y + 1 read input rows 2y − padTop … + 4 and + 2 … + 6, so the middle three (the upper row's kernel rows
/// 2–4, the lower row's 0–2) feed both: each of their columns is loaded once into a register for up to 6 FMAs. Per pair
/// 7 input rows of 17 columns and 50 weight loads for 350 FMAs, against 10 rows and 25 weight loads when the rows of 7
/// take their kernel rows in step (<c>SevenRowColumns</c>); in the tier-1 code a shared input row is 113 instructions
/// for 70 FMAs, two rows' kernel row in step 132. 14 accumulators, two kernel rows' weights and the input column take
/// 25 of AVX-512's 32 registers. Each kind of input row (upper only, shared, lower only) is one loop, so that its body
/// is compiled once: written out row by row, the JIT ran out of tracked locals and kept the accumulators on the stack.
/// </summary>
/// <remarks>
/// Input rows are visited top to bottom, so every accumulator still starts from the bias and meets its kernel rows in
/// increasing ky and each kernel row's columns in increasing kx; padding rows are skipped and padding columns add
/// fma(0, w, acc), as in <c>SevenRowColumns</c>: the same bits.
/// </remarks>
internal readonly unsafe partial struct Taps5x5Stride2Run
{
    // rows y and y + 1 of RunSevenRows (vertical stride 2), through the body for the block's pixel stride and padding
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SevenRowPair<TSimd, TVector, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (block.PixelStride == TSimd.Count && block.PadLeft == SevenRowPadding.TwoLeftOneRight.Left && block.InputWidth == 14)
        {
            SevenRowPairColumns<TSimd, TVector, PixelStrides.Lanes, SevenRowPadding.TwoLeftOneRight, TOutput, TActivation>(block, y, ref output, activation);
            return;
        }

        if (block.PixelStride == TSimd.Count)
        {
            SevenRowPairColumns<TSimd, TVector, PixelStrides.Lanes, SevenRowPadding.Tested, TOutput, TActivation>(block, y, ref output, activation);
            return;
        }

        SevenRowPairColumns<TSimd, TVector, PixelStrides.Given, SevenRowPadding.Tested, TOutput, TActivation>(block, y, ref output, activation);
    }

    // input rows 2·y − padTop … + 6 (columns −padLeft … 16 − padLeft), weights (5×5, lanes) → output pixels 0 … 6 of
    // rows y and y + 1 (vertical stride 2), stored in increasing y
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SevenRowPairColumns<TSimd, TVector, TPixelStride, TPadding, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TPixelStride : struct, IPixelStride
        where TPadding : struct, ISevenRowPadding
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var stride = TPixelStride.Floats(block.PixelStride, lanes);
        var width = block.InputWidth;
        var rowStride = block.RowStride;
        var origin = block.InputRowOrigin(y);
        var firstColumn = -block.PadLeft;
        var input = block.Input + (origin * rowStride) + (firstColumn * stride);
        var weights = block.Weights;
        var kernelRow = Size * lanes;
        var upper0 = TSimd.Load(block.Bias);
        var upper1 = upper0;
        var upper2 = upper0;
        var upper3 = upper0;
        var upper4 = upper0;
        var upper5 = upper0;
        var upper6 = upper0;
        var lower0 = upper0;
        var lower1 = upper0;
        var lower2 = upper0;
        var lower3 = upper0;
        var lower4 = upper0;
        var lower5 = upper0;
        var lower6 = upper0;

        // Input row r (0 … 6 from the origin) is the upper row's kernel row r and the lower row's kernel row r − 2; rows
        // 2–4 feed both. One loop per kind of row, so that each body is compiled once.
        var (first, end) = block.KernelRowsInside(origin, Size);
        var r = first;
        for (; r < Math.Min(end, 2); r++)
        {
            PairKernelRow<TSimd, TVector, TPadding>(input + (r * rowStride), stride, firstColumn, width, weights + (r * kernelRow), ref upper0, ref upper1, ref upper2, ref upper3, ref upper4, ref upper5, ref upper6);
        }

        for (r = Math.Max(first, 2); r < Math.Min(end, 5); r++)
        {
            SharedKernelRow<TSimd, TVector, TPadding>(
                input + (r * rowStride), stride, firstColumn, width, weights + (r * kernelRow), weights + ((r - 2) * kernelRow), ref upper0, ref upper1, ref upper2, ref upper3, ref upper4, ref upper5, ref upper6, ref lower0, ref lower1, ref lower2, ref lower3, ref lower4, ref lower5, ref lower6);
        }

        // In increasing y: a row of 7 stored as a block of eight writes one pixel past its end, onto the next row's first.
        DepthwiseConvKernel.StoreSeven<TSimd, TVector, TOutput, TActivation>(ref output, y, activation, upper0, upper1, upper2, upper3, upper4, upper5, upper6);

        var (lowerFirst, lowerEnd) = block.KernelRowsInside(origin + Stride, Size);
        for (r = Math.Max(lowerFirst + 2, 5); r < lowerEnd + 2; r++)
        {
            PairKernelRow<TSimd, TVector, TPadding>(input + (r * rowStride), stride, firstColumn, width, weights + ((r - 2) * kernelRow), ref lower0, ref lower1, ref lower2, ref lower3, ref lower4, ref lower5, ref lower6);
        }

        DepthwiseConvKernel.StoreSeven<TSimd, TVector, TOutput, TActivation>(ref output, y + 1, activation, lower0, lower1, lower2, lower3, lower4, lower5, lower6);
    }

    // one input row of one row of the pair: kernel row `weights` (5 taps, lanes) → its 35 taps added to the 7 pixels
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairKernelRow<TSimd, TVector, TPadding>(
        float* input,
        nint stride,
        int firstColumn,
        int width,
        float* weights,
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
        var lanes = TSimd.Count;
        SevenKernelRow<TSimd, TVector, TPadding>(
            input, stride, firstColumn, width, true, true, TSimd.Load(weights), TSimd.Load(weights + lanes), TSimd.Load(weights + (2 * lanes)), TSimd.Load(weights + (3 * lanes)), TSimd.Load(weights + (4 * lanes)), ref accumulator0, ref accumulator1, ref accumulator2, ref accumulator3, ref accumulator4, ref accumulator5, ref accumulator6);
    }

    // one input row both rows of the pair read (17 columns from `input`, `stride` floats apart, the first being image
    // column `firstColumn`): the upper row's kernel row `upperWeights` and the lower row's `lowerWeights` → 35 taps added
    // to each row's 7 pixels, each column loaded once for both
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SharedKernelRow<TSimd, TVector, TPadding>(
        float* input,
        nint stride,
        int firstColumn,
        int width,
        float* upperWeights,
        float* lowerWeights,
        ref TVector upper0,
        ref TVector upper1,
        ref TVector upper2,
        ref TVector upper3,
        ref TVector upper4,
        ref TVector upper5,
        ref TVector upper6,
        ref TVector lower0,
        ref TVector lower1,
        ref TVector lower2,
        ref TVector lower3,
        ref TVector lower4,
        ref TVector lower5,
        ref TVector lower6)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TPadding : struct, ISevenRowPadding
    {
        var lanes = TSimd.Count;
        var upperWeight0 = TSimd.Load(upperWeights);
        var upperWeight1 = TSimd.Load(upperWeights + lanes);
        var upperWeight2 = TSimd.Load(upperWeights + (2 * lanes));
        var upperWeight3 = TSimd.Load(upperWeights + (3 * lanes));
        var upperWeight4 = TSimd.Load(upperWeights + (4 * lanes));
        var lowerWeight0 = TSimd.Load(lowerWeights);
        var lowerWeight1 = TSimd.Load(lowerWeights + lanes);
        var lowerWeight2 = TSimd.Load(lowerWeights + (2 * lanes));
        var lowerWeight3 = TSimd.Load(lowerWeights + (3 * lanes));
        var lowerWeight4 = TSimd.Load(lowerWeights + (4 * lanes));

        var value = Column<TSimd, TVector, TPadding>(input, 0, firstColumn, width, true);
        upper0 = TSimd.MultiplyAdd(value, upperWeight0, upper0);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight0, lower0);

        value = Column<TSimd, TVector, TPadding>(input + stride, 1, firstColumn + 1, width, true);
        upper0 = TSimd.MultiplyAdd(value, upperWeight1, upper0);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight1, lower0);

        value = Column<TSimd, TVector, TPadding>(input + (2 * stride), 2, firstColumn + 2, width, true);
        upper0 = TSimd.MultiplyAdd(value, upperWeight2, upper0);
        upper1 = TSimd.MultiplyAdd(value, upperWeight0, upper1);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight2, lower0);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight0, lower1);

        value = Column<TSimd, TVector, TPadding>(input + (3 * stride), 3, firstColumn + 3, width, true);
        upper0 = TSimd.MultiplyAdd(value, upperWeight3, upper0);
        upper1 = TSimd.MultiplyAdd(value, upperWeight1, upper1);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight3, lower0);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight1, lower1);

        value = TSimd.Load(input + (4 * stride));
        upper0 = TSimd.MultiplyAdd(value, upperWeight4, upper0);
        upper1 = TSimd.MultiplyAdd(value, upperWeight2, upper1);
        upper2 = TSimd.MultiplyAdd(value, upperWeight0, upper2);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight4, lower0);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight2, lower1);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight0, lower2);

        value = TSimd.Load(input + (5 * stride));
        upper1 = TSimd.MultiplyAdd(value, upperWeight3, upper1);
        upper2 = TSimd.MultiplyAdd(value, upperWeight1, upper2);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight3, lower1);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight1, lower2);

        value = TSimd.Load(input + (6 * stride));
        upper1 = TSimd.MultiplyAdd(value, upperWeight4, upper1);
        upper2 = TSimd.MultiplyAdd(value, upperWeight2, upper2);
        upper3 = TSimd.MultiplyAdd(value, upperWeight0, upper3);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight4, lower1);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight2, lower2);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight0, lower3);

        value = TSimd.Load(input + (7 * stride));
        upper2 = TSimd.MultiplyAdd(value, upperWeight3, upper2);
        upper3 = TSimd.MultiplyAdd(value, upperWeight1, upper3);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight3, lower2);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight1, lower3);

        value = TSimd.Load(input + (8 * stride));
        upper2 = TSimd.MultiplyAdd(value, upperWeight4, upper2);
        upper3 = TSimd.MultiplyAdd(value, upperWeight2, upper3);
        upper4 = TSimd.MultiplyAdd(value, upperWeight0, upper4);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight4, lower2);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight2, lower3);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight0, lower4);

        value = TSimd.Load(input + (9 * stride));
        upper3 = TSimd.MultiplyAdd(value, upperWeight3, upper3);
        upper4 = TSimd.MultiplyAdd(value, upperWeight1, upper4);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight3, lower3);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight1, lower4);

        value = TSimd.Load(input + (10 * stride));
        upper3 = TSimd.MultiplyAdd(value, upperWeight4, upper3);
        upper4 = TSimd.MultiplyAdd(value, upperWeight2, upper4);
        upper5 = TSimd.MultiplyAdd(value, upperWeight0, upper5);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight4, lower3);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight2, lower4);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight0, lower5);

        value = TSimd.Load(input + (11 * stride));
        upper4 = TSimd.MultiplyAdd(value, upperWeight3, upper4);
        upper5 = TSimd.MultiplyAdd(value, upperWeight1, upper5);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight3, lower4);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight1, lower5);

        value = TSimd.Load(input + (12 * stride));
        upper4 = TSimd.MultiplyAdd(value, upperWeight4, upper4);
        upper5 = TSimd.MultiplyAdd(value, upperWeight2, upper5);
        upper6 = TSimd.MultiplyAdd(value, upperWeight0, upper6);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight4, lower4);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight2, lower5);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight0, lower6);

        value = Column<TSimd, TVector, TPadding>(input + (13 * stride), 13, firstColumn + 13, width, true);
        upper5 = TSimd.MultiplyAdd(value, upperWeight3, upper5);
        upper6 = TSimd.MultiplyAdd(value, upperWeight1, upper6);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight3, lower5);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight1, lower6);

        value = Column<TSimd, TVector, TPadding>(input + (14 * stride), 14, firstColumn + 14, width, true);
        upper5 = TSimd.MultiplyAdd(value, upperWeight4, upper5);
        upper6 = TSimd.MultiplyAdd(value, upperWeight2, upper6);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight4, lower5);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight2, lower6);

        value = Column<TSimd, TVector, TPadding>(input + (15 * stride), 15, firstColumn + 15, width, true);
        upper6 = TSimd.MultiplyAdd(value, upperWeight3, upper6);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight3, lower6);

        value = Column<TSimd, TVector, TPadding>(input + (16 * stride), 16, firstColumn + 16, width, true);
        upper6 = TSimd.MultiplyAdd(value, upperWeight4, upper6);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight4, lower6);
    }
}
