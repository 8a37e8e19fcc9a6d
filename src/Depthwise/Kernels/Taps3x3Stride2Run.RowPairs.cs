using System.Runtime.CompilerServices;

namespace Depthwise.Kernels;

/// <summary>
/// 3×3 stride 2 (vertical stride 2 too): two output rows at a time in steps of 7 pixels, all nine weights in registers.
/// The pair's five input rows are loaded once each, the middle one (the upper row's kernel row 2, the lower row's
/// kernel row 0) feeding both rows: 75 column loads and 9 weight loads for 126 FMAs, against 90 and 18 for two rows
/// of 7 one at a time, and 14 independent accumulator chains instead of 7 (two 4-cycle FMA pipes need 8).
/// 14 accumulators, 9 weights and the input column take 24 of AVX-512's 32 registers.
/// </summary>
/// <remarks>
/// Every accumulator starts from the bias and meets its kernel rows in increasing ky and each row's columns in
/// increasing kx, the order of every other kernel; padding columns add fma(0, w, acc) and padding rows are skipped,
/// so the pairs give the same bits as the runs and the eight-pixel blocks. Each column loaded is prefetched four input
/// rows down, the next pair's rows.
/// </remarks>
internal readonly unsafe partial struct Taps3x3Stride2Run
{
    // input rows 2·y − padTop … + 2·TRows (columns −padLeft … 14 − padLeft), weights (3×3, lanes) → output pixels
    // 0 … 6 of TRows (1, or 2 with vertical stride 2) rows from y, stored in increasing y
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SevenRowPairColumns<TSimd, TVector, TRows, TPixelStride, TOutput, TActivation>(in ChannelBlockRows block, int y, ref TOutput output, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IGemmCount
        where TPixelStride : struct, IPixelStride
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = TSimd.Count;
        var stride = TPixelStride.Floats(block.PixelStride, lanes);
        var width = block.InputWidth;
        var height = block.InputHeight;
        var rowStride = block.RowStride;
        var origin = block.InputRowOrigin(y);
        var firstColumn = -block.PadLeft;
        var input = block.Input + (origin * rowStride) + (firstColumn * stride);
        var ahead = 4 * rowStride;
        var weights = block.Weights;
        var weight0 = TSimd.Load(weights);
        var weight1 = TSimd.Load(weights + lanes);
        var weight2 = TSimd.Load(weights + (2 * lanes));
        var weight3 = TSimd.Load(weights + (3 * lanes));
        var weight4 = TSimd.Load(weights + (4 * lanes));
        var weight5 = TSimd.Load(weights + (5 * lanes));
        var weight6 = TSimd.Load(weights + (6 * lanes));
        var weight7 = TSimd.Load(weights + (7 * lanes));
        var weight8 = TSimd.Load(weights + (8 * lanes));
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
        if ((uint)origin < (uint)height)
        {
            AddInputRow<TSimd, TVector>(input, stride, firstColumn, width, ahead, weight0, weight1, weight2, ref upper0, ref upper1, ref upper2, ref upper3, ref upper4, ref upper5, ref upper6);
        }

        if ((uint)(origin + 1) < (uint)height)
        {
            AddInputRow<TSimd, TVector>(input + rowStride, stride, firstColumn, width, ahead, weight3, weight4, weight5, ref upper0, ref upper1, ref upper2, ref upper3, ref upper4, ref upper5, ref upper6);
        }

        if ((uint)(origin + 2) < (uint)height)
        {
            if (TRows.Value > 1)
            {
                AddSharedInputRow<TSimd, TVector>(
                    input + (2 * rowStride), stride, firstColumn, width, ahead, weight6, weight7, weight8, ref upper0, ref upper1, ref upper2, ref upper3, ref upper4, ref upper5, ref upper6, weight0, weight1, weight2, ref lower0, ref lower1, ref lower2, ref lower3, ref lower4, ref lower5, ref lower6);
            }
            else
            {
                AddInputRow<TSimd, TVector>(input + (2 * rowStride), stride, firstColumn, width, ahead, weight6, weight7, weight8, ref upper0, ref upper1, ref upper2, ref upper3, ref upper4, ref upper5, ref upper6);
            }
        }

        output.StoreExactly(
            y, 0, 7, TSimd.Activate(upper0, activation), TSimd.Activate(upper1, activation), TSimd.Activate(upper2, activation), TSimd.Activate(upper3, activation), TSimd.Activate(upper4, activation), TSimd.Activate(upper5, activation), TSimd.Activate(upper6, activation), upper6);
        if (TRows.Value == 1)
        {
            return;
        }

        if ((uint)(origin + 3) < (uint)height)
        {
            AddInputRow<TSimd, TVector>(input + (3 * rowStride), stride, firstColumn, width, ahead, weight3, weight4, weight5, ref lower0, ref lower1, ref lower2, ref lower3, ref lower4, ref lower5, ref lower6);
        }

        if ((uint)(origin + 4) < (uint)height)
        {
            AddInputRow<TSimd, TVector>(input + (4 * rowStride), stride, firstColumn, width, ahead, weight6, weight7, weight8, ref lower0, ref lower1, ref lower2, ref lower3, ref lower4, ref lower5, ref lower6);
        }

        output.StoreExactly(
            y + 1, 0, 7, TSimd.Activate(lower0, activation), TSimd.Activate(lower1, activation), TSimd.Activate(lower2, activation), TSimd.Activate(lower3, activation), TSimd.Activate(lower4, activation), TSimd.Activate(lower5, activation), TSimd.Activate(lower6, activation), lower6);
    }

    // one input row (15 columns from `input`, `stride` floats apart, the first being image column `firstColumn`), one
    // kernel row's weights → its 21 taps added to the 7 pixels' accumulators; each column is prefetched `ahead` floats
    // down, and only the first two and last two are tested against the image (the padding a row of 7 can have)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInputRow<TSimd, TVector>(
        float* input,
        nint stride,
        int firstColumn,
        int width,
        nint ahead,
        TVector weight0,
        TVector weight1,
        TVector weight2,
        ref TVector accumulator0,
        ref TVector accumulator1,
        ref TVector accumulator2,
        ref TVector accumulator3,
        ref TVector accumulator4,
        ref TVector accumulator5,
        ref TVector accumulator6)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        Prefetch(input + ahead);
        var value = Column<TSimd, TVector>(input, firstColumn, width, true);
        accumulator0 = TSimd.MultiplyAdd(value, weight0, accumulator0);

        Prefetch(input + stride + ahead);
        value = Column<TSimd, TVector>(input + stride, firstColumn + 1, width, true);
        accumulator0 = TSimd.MultiplyAdd(value, weight1, accumulator0);

        Prefetch(input + (2 * stride) + ahead);
        value = TSimd.Load(input + (2 * stride));
        accumulator0 = TSimd.MultiplyAdd(value, weight2, accumulator0);
        accumulator1 = TSimd.MultiplyAdd(value, weight0, accumulator1);

        Prefetch(input + (3 * stride) + ahead);
        value = TSimd.Load(input + (3 * stride));
        accumulator1 = TSimd.MultiplyAdd(value, weight1, accumulator1);

        Prefetch(input + (4 * stride) + ahead);
        value = TSimd.Load(input + (4 * stride));
        accumulator1 = TSimd.MultiplyAdd(value, weight2, accumulator1);
        accumulator2 = TSimd.MultiplyAdd(value, weight0, accumulator2);

        Prefetch(input + (5 * stride) + ahead);
        value = TSimd.Load(input + (5 * stride));
        accumulator2 = TSimd.MultiplyAdd(value, weight1, accumulator2);

        Prefetch(input + (6 * stride) + ahead);
        value = TSimd.Load(input + (6 * stride));
        accumulator2 = TSimd.MultiplyAdd(value, weight2, accumulator2);
        accumulator3 = TSimd.MultiplyAdd(value, weight0, accumulator3);

        Prefetch(input + (7 * stride) + ahead);
        value = TSimd.Load(input + (7 * stride));
        accumulator3 = TSimd.MultiplyAdd(value, weight1, accumulator3);

        Prefetch(input + (8 * stride) + ahead);
        value = TSimd.Load(input + (8 * stride));
        accumulator3 = TSimd.MultiplyAdd(value, weight2, accumulator3);
        accumulator4 = TSimd.MultiplyAdd(value, weight0, accumulator4);

        Prefetch(input + (9 * stride) + ahead);
        value = TSimd.Load(input + (9 * stride));
        accumulator4 = TSimd.MultiplyAdd(value, weight1, accumulator4);

        Prefetch(input + (10 * stride) + ahead);
        value = TSimd.Load(input + (10 * stride));
        accumulator4 = TSimd.MultiplyAdd(value, weight2, accumulator4);
        accumulator5 = TSimd.MultiplyAdd(value, weight0, accumulator5);

        Prefetch(input + (11 * stride) + ahead);
        value = TSimd.Load(input + (11 * stride));
        accumulator5 = TSimd.MultiplyAdd(value, weight1, accumulator5);

        Prefetch(input + (12 * stride) + ahead);
        value = TSimd.Load(input + (12 * stride));
        accumulator5 = TSimd.MultiplyAdd(value, weight2, accumulator5);
        accumulator6 = TSimd.MultiplyAdd(value, weight0, accumulator6);

        Prefetch(input + (13 * stride) + ahead);
        value = Column<TSimd, TVector>(input + (13 * stride), firstColumn + 13, width, true);
        accumulator6 = TSimd.MultiplyAdd(value, weight1, accumulator6);

        Prefetch(input + (14 * stride) + ahead);
        value = Column<TSimd, TVector>(input + (14 * stride), firstColumn + 14, width, true);
        accumulator6 = TSimd.MultiplyAdd(value, weight2, accumulator6);
    }

    // AddInputRow for the pair's middle input row: the upper row's kernel row 2 and the lower row's kernel row 0, each
    // column loaded once for both
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSharedInputRow<TSimd, TVector>(
        float* input,
        nint stride,
        int firstColumn,
        int width,
        nint ahead,
        TVector upperWeight0,
        TVector upperWeight1,
        TVector upperWeight2,
        ref TVector upper0,
        ref TVector upper1,
        ref TVector upper2,
        ref TVector upper3,
        ref TVector upper4,
        ref TVector upper5,
        ref TVector upper6,
        TVector lowerWeight0,
        TVector lowerWeight1,
        TVector lowerWeight2,
        ref TVector lower0,
        ref TVector lower1,
        ref TVector lower2,
        ref TVector lower3,
        ref TVector lower4,
        ref TVector lower5,
        ref TVector lower6)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        Prefetch(input + ahead);
        var value = Column<TSimd, TVector>(input, firstColumn, width, true);
        upper0 = TSimd.MultiplyAdd(value, upperWeight0, upper0);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight0, lower0);

        Prefetch(input + stride + ahead);
        value = Column<TSimd, TVector>(input + stride, firstColumn + 1, width, true);
        upper0 = TSimd.MultiplyAdd(value, upperWeight1, upper0);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight1, lower0);

        Prefetch(input + (2 * stride) + ahead);
        value = TSimd.Load(input + (2 * stride));
        upper0 = TSimd.MultiplyAdd(value, upperWeight2, upper0);
        upper1 = TSimd.MultiplyAdd(value, upperWeight0, upper1);
        lower0 = TSimd.MultiplyAdd(value, lowerWeight2, lower0);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight0, lower1);

        Prefetch(input + (3 * stride) + ahead);
        value = TSimd.Load(input + (3 * stride));
        upper1 = TSimd.MultiplyAdd(value, upperWeight1, upper1);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight1, lower1);

        Prefetch(input + (4 * stride) + ahead);
        value = TSimd.Load(input + (4 * stride));
        upper1 = TSimd.MultiplyAdd(value, upperWeight2, upper1);
        upper2 = TSimd.MultiplyAdd(value, upperWeight0, upper2);
        lower1 = TSimd.MultiplyAdd(value, lowerWeight2, lower1);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight0, lower2);

        Prefetch(input + (5 * stride) + ahead);
        value = TSimd.Load(input + (5 * stride));
        upper2 = TSimd.MultiplyAdd(value, upperWeight1, upper2);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight1, lower2);

        Prefetch(input + (6 * stride) + ahead);
        value = TSimd.Load(input + (6 * stride));
        upper2 = TSimd.MultiplyAdd(value, upperWeight2, upper2);
        upper3 = TSimd.MultiplyAdd(value, upperWeight0, upper3);
        lower2 = TSimd.MultiplyAdd(value, lowerWeight2, lower2);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight0, lower3);

        Prefetch(input + (7 * stride) + ahead);
        value = TSimd.Load(input + (7 * stride));
        upper3 = TSimd.MultiplyAdd(value, upperWeight1, upper3);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight1, lower3);

        Prefetch(input + (8 * stride) + ahead);
        value = TSimd.Load(input + (8 * stride));
        upper3 = TSimd.MultiplyAdd(value, upperWeight2, upper3);
        upper4 = TSimd.MultiplyAdd(value, upperWeight0, upper4);
        lower3 = TSimd.MultiplyAdd(value, lowerWeight2, lower3);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight0, lower4);

        Prefetch(input + (9 * stride) + ahead);
        value = TSimd.Load(input + (9 * stride));
        upper4 = TSimd.MultiplyAdd(value, upperWeight1, upper4);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight1, lower4);

        Prefetch(input + (10 * stride) + ahead);
        value = TSimd.Load(input + (10 * stride));
        upper4 = TSimd.MultiplyAdd(value, upperWeight2, upper4);
        upper5 = TSimd.MultiplyAdd(value, upperWeight0, upper5);
        lower4 = TSimd.MultiplyAdd(value, lowerWeight2, lower4);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight0, lower5);

        Prefetch(input + (11 * stride) + ahead);
        value = TSimd.Load(input + (11 * stride));
        upper5 = TSimd.MultiplyAdd(value, upperWeight1, upper5);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight1, lower5);

        Prefetch(input + (12 * stride) + ahead);
        value = TSimd.Load(input + (12 * stride));
        upper5 = TSimd.MultiplyAdd(value, upperWeight2, upper5);
        upper6 = TSimd.MultiplyAdd(value, upperWeight0, upper6);
        lower5 = TSimd.MultiplyAdd(value, lowerWeight2, lower5);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight0, lower6);

        Prefetch(input + (13 * stride) + ahead);
        value = Column<TSimd, TVector>(input + (13 * stride), firstColumn + 13, width, true);
        upper6 = TSimd.MultiplyAdd(value, upperWeight1, upper6);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight1, lower6);

        Prefetch(input + (14 * stride) + ahead);
        value = Column<TSimd, TVector>(input + (14 * stride), firstColumn + 14, width, true);
        upper6 = TSimd.MultiplyAdd(value, upperWeight2, upper6);
        lower6 = TSimd.MultiplyAdd(value, lowerWeight2, lower6);
    }
}
