using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <content>
/// The row sweep (AVX-512, one padding column each side, rows wider than a register): eight output rows walked left to
/// right across the row two register columns at a time, each register loading its three taps (see docs/kernels.md,
/// "Session 11"; on Zen 4 one column at a time instead, DepthwisePlaneKernel.SweepOneColumn.cs), or four rows one register column at a time, each input row's register at column 16j loaded once and
/// its neighbours' taps made from it by `valignd` ("Session 10").
/// </content>
internal static unsafe partial class DepthwisePlaneKernel
{
    /// <summary>
    /// Whether groups of this row geometry run on <see cref="SweepEight{TRows, TActivation}"/> and
    /// <see cref="Sweep{TRows, TActivation}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Sweeps<TVector>(int inputWidth, int outputWidth, int padLeft)
        where TVector : struct =>
        Avx512F.IsSupported && typeof(TVector) == typeof(Vector512<float>) && padLeft == 1 && inputWidth == outputWidth && outputWidth > Vector512<float>.Count;

    // one plane: input (H, W), weights 3×3 at `weights` + tap·weightStride, bias → output rows [firstRow, endRow) of
    // (H, W) in eight-row sweeps, four-row sweeps and single rows (a method of its own, so that the group path keeps
    // its code as it was)
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SweepRows<TActivation>(
        float* input, float* output, float* weights, nint weightStride, float bias, in ConvGeometry geometry, int firstRow, int endRow, PlaneRowSweep sweep, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var oneColumn = sweep == PlaneRowSweep.OneColumn;
        var inputHeight = geometry.InputHeight;
        var width = geometry.InputWidth;

        // The eight-row sweep reads its nine weights contiguous, as broadcast operands.
        var sweepWeights = stackalloc float[KernelSize * KernelSize];
        for (var tap = 0; tap < KernelSize * KernelSize; tap++)
        {
            sweepWeights[tap] = weights[tap * weightStride];
        }

        var sweepBias = taps.Bias;
        var y = firstRow;
        while (y < endRow)
        {
            var origin = geometry.InputRowOrigin(y);
            if (EightFits(origin, y, endRow, inputHeight))
            {
                if (origin < 0)
                {
                    SweepEightOfKind<PaddedEnds.First, TActivation>(oneColumn, input, width, origin, output, y, sweepWeights, sweepBias, activation);
                }
                else if (origin + (2 * RowsPerGroup) + KernelSize - 2 >= inputHeight)
                {
                    SweepEightOfKind<PaddedEnds.Last, TActivation>(oneColumn, input, width, origin, output, y, sweepWeights, sweepBias, activation);
                }
                else
                {
                    SweepEightOfKind<PaddedEnds.None, TActivation>(oneColumn, input, width, origin, output, y, sweepWeights, sweepBias, activation);
                }

                y += 2 * RowsPerGroup;
            }
            else if (GroupFits(origin, y, endRow, inputHeight))
            {
                if (origin < 0)
                {
                    Sweep<PaddedEnds.First, TActivation>(input, width, origin, output, y, taps, activation);
                }
                else if (origin + RowsPerGroup + KernelSize - 2 >= inputHeight)
                {
                    Sweep<PaddedEnds.Last, TActivation>(input, width, origin, output, y, taps, activation);
                }
                else
                {
                    Sweep<PaddedEnds.None, TActivation>(input, width, origin, output, y, taps, activation);
                }

                y += RowsPerGroup;
            }
            else
            {
                SingleRow<SimdFloat512, Vector512<float>, TActivation>(
                    input + ((nint)origin * width), width, 1, Math.Clamp(-origin, 0, KernelSize), Math.Clamp(inputHeight - origin, 0, KernelSize), output, y, width, (nint)endRow * width, taps, activation);
                y++;
            }
        }
    }

    // The eight-row sweep of the core's kind (PlaneRowSweeps).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SweepEightOfKind<TRows, TActivation>(
        bool oneColumn, float* plane, int width, int origin, float* output, int y, float* weights, Vector512<float> bias, TActivation activation)
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        if (oneColumn)
        {
            SweepEightOneColumn<TRows, TActivation>(plane, width, origin, output, y, weights, bias, activation);
        }
        else
        {
            SweepEight<TRows, TActivation>(plane, width, origin, output, y, weights, bias, activation);
        }
    }

    // input rows origin … origin + 5 of the plane (H, W) → output rows y … y + 3 of (H, W), all columns; one padding
    // column each side. Each input row's register at column 16j is loaded once: tap 1 of output register j is that
    // register, tap 0 the previous register's last lane shifted in from below, tap 2 the next register's first lane
    // shifted in from above (one `valignd` each, zeros at the row's ends), so a step of one register column is 6 loads
    // and 12 shuffles for 36 FMAs, where the paired registers load each tap (two of three loads splitting a cache line).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sweep<TRows, TActivation>(
        float* plane, int width, int origin, float* output, int y, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var (w00, w01, w02, w10, w11, w12, w20, w21, w22) = (taps.W00, taps.W01, taps.W02, taps.W10, taps.W11, taps.W12, taps.W20, taps.W21, taps.W22);
        var bias = taps.Bias;
        var lanes = Vector512<float>.Count;
        var row0 = plane + ((nint)origin * width);
        var row1 = row0 + width;
        var row2 = row1 + width;
        var row3 = row2 + width;
        var row4 = row3 + width;
        var row5 = row4 + width;
        var out0 = output + ((nint)y * width);
        var out1 = out0 + width;
        var out2 = out1 + width;
        var out3 = out2 + width;

        // Centre (tap 1) and left tap (tap 0) of the current register of each input row.
        var center0 = TRows.PaddedFirst ? default : Vector512.Load(row0);
        var center1 = Vector512.Load(row1);
        var center2 = Vector512.Load(row2);
        var center3 = Vector512.Load(row3);
        var center4 = Vector512.Load(row4);
        var center5 = TRows.PaddedLast ? default : Vector512.Load(row5);
        var left0 = SimdFloat512.ShiftUp(center0);
        var left1 = SimdFloat512.ShiftUp(center1);
        var left2 = SimdFloat512.ShiftUp(center2);
        var left3 = SimdFloat512.ShiftUp(center3);
        var left4 = SimdFloat512.ShiftUp(center4);
        var left5 = SimdFloat512.ShiftUp(center5);
        // A row of a whole number of registers and a half (56 = 3.5·16) ends with a half register loaded as 256 bits
        // (the upper lanes zero: its tap 2 sees the right padding at lane 8) and stored as 256 bits. Any other row that is
        // not a whole number of registers ends with a register pulled back to end at the row's end: the register before
        // it takes its tap 2 from a load one column on instead of the next register, and the pulled-back register its
        // tap 0 from a load one column back.
        var halfLanes = lanes / 2;
        var tail = width % lanes;
        var half = tail == halfLanes;
        var lastColumn = (nint)width - (half ? halfLanes : lanes);
        nint column = 0;
        while (true)
        {
            var last = column == lastColumn;
            var nextColumn = Math.Min(column + lanes, lastColumn);
            var pulled = !last && nextColumn != column + lanes;
            Vector512<float> next0 = default, next1, next2, next3, next4, next5 = default;
            if (last)
            {
                next1 = next2 = next3 = next4 = Vector512<float>.Zero;
            }
            else if (half && nextColumn == lastColumn)
            {
                if (!TRows.PaddedFirst)
                {
                    next0 = Vector256.Load(row0 + nextColumn).ToVector512();
                }

                next1 = Vector256.Load(row1 + nextColumn).ToVector512();
                next2 = Vector256.Load(row2 + nextColumn).ToVector512();
                next3 = Vector256.Load(row3 + nextColumn).ToVector512();
                next4 = Vector256.Load(row4 + nextColumn).ToVector512();
                if (!TRows.PaddedLast)
                {
                    next5 = Vector256.Load(row5 + nextColumn).ToVector512();
                }
            }
            else
            {
                if (!TRows.PaddedFirst)
                {
                    next0 = Vector512.Load(row0 + nextColumn);
                }

                next1 = Vector512.Load(row1 + nextColumn);
                next2 = Vector512.Load(row2 + nextColumn);
                next3 = Vector512.Load(row3 + nextColumn);
                next4 = Vector512.Load(row4 + nextColumn);
                if (!TRows.PaddedLast)
                {
                    next5 = Vector512.Load(row5 + nextColumn);
                }
            }

            var accumulator0 = bias;
            var accumulator1 = bias;
            var accumulator2 = bias;
            var accumulator3 = bias;
            Vector512<float> right;
            if (!TRows.PaddedFirst)
            {
                right = pulled ? Vector512.Load(row0 + column + 1) : Right(next0, center0);
                accumulator0 = Avx512F.FusedMultiplyAdd(left0, w00, accumulator0);
                accumulator0 = Avx512F.FusedMultiplyAdd(center0, w01, accumulator0);
                accumulator0 = Avx512F.FusedMultiplyAdd(right, w02, accumulator0);
                left0 = pulled ? Vector512.Load(row0 + nextColumn - 1) : Left(next0, center0);
                center0 = next0;
            }

            right = pulled ? Vector512.Load(row1 + column + 1) : Right(next1, center1);
            accumulator0 = Avx512F.FusedMultiplyAdd(left1, w10, accumulator0);
            accumulator1 = Avx512F.FusedMultiplyAdd(left1, w00, accumulator1);
            accumulator0 = Avx512F.FusedMultiplyAdd(center1, w11, accumulator0);
            accumulator1 = Avx512F.FusedMultiplyAdd(center1, w01, accumulator1);
            accumulator0 = Avx512F.FusedMultiplyAdd(right, w12, accumulator0);
            accumulator1 = Avx512F.FusedMultiplyAdd(right, w02, accumulator1);
            left1 = pulled ? Vector512.Load(row1 + nextColumn - 1) : Left(next1, center1);
            center1 = next1;

            right = pulled ? Vector512.Load(row2 + column + 1) : Right(next2, center2);
            accumulator0 = Avx512F.FusedMultiplyAdd(left2, w20, accumulator0);
            accumulator1 = Avx512F.FusedMultiplyAdd(left2, w10, accumulator1);
            accumulator2 = Avx512F.FusedMultiplyAdd(left2, w00, accumulator2);
            accumulator0 = Avx512F.FusedMultiplyAdd(center2, w21, accumulator0);
            accumulator1 = Avx512F.FusedMultiplyAdd(center2, w11, accumulator1);
            accumulator2 = Avx512F.FusedMultiplyAdd(center2, w01, accumulator2);
            accumulator0 = Avx512F.FusedMultiplyAdd(right, w22, accumulator0);
            accumulator1 = Avx512F.FusedMultiplyAdd(right, w12, accumulator1);
            accumulator2 = Avx512F.FusedMultiplyAdd(right, w02, accumulator2);
            left2 = pulled ? Vector512.Load(row2 + nextColumn - 1) : Left(next2, center2);
            center2 = next2;

            right = pulled ? Vector512.Load(row3 + column + 1) : Right(next3, center3);
            accumulator1 = Avx512F.FusedMultiplyAdd(left3, w20, accumulator1);
            accumulator2 = Avx512F.FusedMultiplyAdd(left3, w10, accumulator2);
            accumulator3 = Avx512F.FusedMultiplyAdd(left3, w00, accumulator3);
            accumulator1 = Avx512F.FusedMultiplyAdd(center3, w21, accumulator1);
            accumulator2 = Avx512F.FusedMultiplyAdd(center3, w11, accumulator2);
            accumulator3 = Avx512F.FusedMultiplyAdd(center3, w01, accumulator3);
            accumulator1 = Avx512F.FusedMultiplyAdd(right, w22, accumulator1);
            accumulator2 = Avx512F.FusedMultiplyAdd(right, w12, accumulator2);
            accumulator3 = Avx512F.FusedMultiplyAdd(right, w02, accumulator3);
            left3 = pulled ? Vector512.Load(row3 + nextColumn - 1) : Left(next3, center3);
            center3 = next3;

            right = pulled ? Vector512.Load(row4 + column + 1) : Right(next4, center4);
            accumulator2 = Avx512F.FusedMultiplyAdd(left4, w20, accumulator2);
            accumulator3 = Avx512F.FusedMultiplyAdd(left4, w10, accumulator3);
            accumulator2 = Avx512F.FusedMultiplyAdd(center4, w21, accumulator2);
            accumulator3 = Avx512F.FusedMultiplyAdd(center4, w11, accumulator3);
            accumulator2 = Avx512F.FusedMultiplyAdd(right, w22, accumulator2);
            accumulator3 = Avx512F.FusedMultiplyAdd(right, w12, accumulator3);
            left4 = pulled ? Vector512.Load(row4 + nextColumn - 1) : Left(next4, center4);
            center4 = next4;

            if (!TRows.PaddedLast)
            {
                right = pulled ? Vector512.Load(row5 + column + 1) : Right(next5, center5);
                accumulator3 = Avx512F.FusedMultiplyAdd(left5, w20, accumulator3);
                accumulator3 = Avx512F.FusedMultiplyAdd(center5, w21, accumulator3);
                accumulator3 = Avx512F.FusedMultiplyAdd(right, w22, accumulator3);
                left5 = pulled ? Vector512.Load(row5 + nextColumn - 1) : Left(next5, center5);
                center5 = next5;
            }

            accumulator0 = activation.Invoke(accumulator0);
            accumulator1 = activation.Invoke(accumulator1);
            accumulator2 = activation.Invoke(accumulator2);
            accumulator3 = activation.Invoke(accumulator3);
            if (last && half)
            {
                Vector256.Store(accumulator0.GetLower(), out0 + column);
                Vector256.Store(accumulator1.GetLower(), out1 + column);
                Vector256.Store(accumulator2.GetLower(), out2 + column);
                Vector256.Store(accumulator3.GetLower(), out3 + column);
                return;
            }

            Vector512.Store(accumulator0, out0 + column);
            Vector512.Store(accumulator1, out1 + column);
            Vector512.Store(accumulator2, out2 + column);
            Vector512.Store(accumulator3, out3 + column);
            if (last)
            {
                return;
            }

            column = nextColumn;
        }
    }

    // input rows origin … origin + 9 of the plane (H, W) → output rows y … y + 7 of (H, W), all columns; one padding
    // column each side; `weights` the nine taps row by row, contiguous. Two register columns at a time, eight rows
    // each: 16 accumulator chains (see docs/kernels.md, "Session 11": with one register column the eight chains, each
    // nine FMAs in (ky, kx) order, left Zen 5's two FMA pipes waiting). Each register loads its ten input rows' three
    // taps (tap 0 of the row's first register and tap 2 of its last are the centre with the padding's zero shifted
    // in) and nothing is carried from one step to the next, so the row's first register, the ones in between and the
    // last are steps of their own kinds (`ISweepColumn`) and the steps in between loop without tests.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SweepEight<TRows, TActivation>(
        float* plane, int width, int origin, float* output, int y, float* weights, Vector512<float> bias, TActivation activation)
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var lanes = Vector512<float>.Count;
        nint stride = width;
        var input = plane + ((nint)origin * width);
        var outputRows = output + ((nint)y * width);

        // Registers at columns 0, 16, … below lastColumn, then one at lastColumn, taken two at a time. A row of a whole
        // number of registers and a half (56 = 3.5·16) ends with a half register; any other row that is not a whole
        // number of registers ends with a register pulled back to end at the row's end.
        var half = width % lanes == lanes / 2;
        var lastColumn = (nint)width - (half ? lanes / 2 : lanes);
        if (lastColumn <= lanes)
        {
            SweepEightEnd<TRows, TActivation, SweepColumns.RowStart>(input, stride, outputRows, 0, lastColumn, half, weights, bias, activation);
            return;
        }

        SweepEightStep<TRows, TActivation, SweepColumns.RowStart, SweepColumns.Inside>(input, stride, outputRows, lanes, weights, bias, activation);
        for (var column = 2 * lanes; column < lastColumn; column += 2 * lanes)
        {
            if (column + lanes >= lastColumn)
            {
                SweepEightEnd<TRows, TActivation, SweepColumns.Inside>(input, stride, outputRows, column, lastColumn, half, weights, bias, activation);
                return;
            }

            SweepEightStep<TRows, TActivation, SweepColumns.Inside, SweepColumns.Inside>(input + column, stride, outputRows + column, lanes, weights, bias, activation);
        }

        SweepEightEnd<TRows, TActivation, SweepColumns.Absent>(input, stride, outputRows, lastColumn, lastColumn, half, weights, bias, activation);
    }

    // The step that ends a row: the register at `column` (absent: none) and the row's last at `lastColumn`. A method of
    // its own: with every kind of step inlined into SweepEight the JIT's inlining budget ran out and the steps became
    // calls (3–5× slower).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SweepEightEnd<TRows, TActivation, TColumn>(
        float* input, nint stride, float* outputRows, nint column, nint lastColumn, bool half, float* weights, Vector512<float> bias, TActivation activation)
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
        where TColumn : struct, ISweepColumn
    {
        if (typeof(TColumn) == typeof(SweepColumns.Absent))
        {
            if (half)
            {
                SweepEightStep<TRows, TActivation, SweepColumns.RowEndHalf, SweepColumns.Absent>(input + lastColumn, stride, outputRows + lastColumn, 0, weights, bias, activation);
            }
            else
            {
                SweepEightStep<TRows, TActivation, SweepColumns.RowEnd, SweepColumns.Absent>(input + lastColumn, stride, outputRows + lastColumn, 0, weights, bias, activation);
            }
        }
        else if (half)
        {
            SweepEightStep<TRows, TActivation, TColumn, SweepColumns.RowEndHalf>(input + column, stride, outputRows + column, lastColumn - column, weights, bias, activation);
        }
        else
        {
            SweepEightStep<TRows, TActivation, TColumn, SweepColumns.RowEnd>(input + column, stride, outputRows + column, lastColumn - column, weights, bias, activation);
        }
    }

    // One step of the eight-row sweep: the register column at `rows` / `outputs` (input row 0, output row 0) and, unless
    // TSecond is absent, the one `second` columns on. Generated row by row (each input row k feeds output rows k − 2 … k
    // at kernel rows 2 … 0; per output row the FMAs stay in (ky, kx) order, the blocked kernel's bits).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SweepEightStep<TRows, TActivation, TFirst, TSecond>(
        float* rows, nint stride, float* outputs, nint second, float* weights, Vector512<float> bias, TActivation activation)
        where TRows : struct, IPaddedEnds
        where TActivation : struct, IActivationOperator<TActivation>
        where TFirst : struct, ISweepColumn
        where TSecond : struct, ISweepColumn
    {
        var pair = typeof(TSecond) != typeof(SweepColumns.Absent);
        var rowsOn = rows + second;
        var accumulator0 = bias;
        var accumulator1 = bias;
        var accumulator2 = bias;
        var accumulator3 = bias;
        var accumulator4 = bias;
        var accumulator5 = bias;
        var accumulator6 = bias;
        var accumulator7 = bias;
        var secondAccumulator0 = bias;
        var secondAccumulator1 = bias;
        var secondAccumulator2 = bias;
        var secondAccumulator3 = bias;
        var secondAccumulator4 = bias;
        var secondAccumulator5 = bias;
        var secondAccumulator6 = bias;
        var secondAccumulator7 = bias;
        Vector512<float> center, left, right;

        if (!TRows.PaddedFirst)
        {
            center = SweepCenter<TFirst>(rows + (0 * stride));
            left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (0 * stride) - 1);
            right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (0 * stride) + 1);
            accumulator0 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator0);
            accumulator0 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator0);
            accumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator0);
        }

        if (!TRows.PaddedFirst && pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (0 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (0 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (0 * stride) + 1);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator0);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator0);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator0);
        }

        center = SweepCenter<TFirst>(rows + (1 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (1 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (1 * stride) + 1);
        accumulator0 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator1);
        accumulator0 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator1);
        accumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator1);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (1 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (1 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (1 * stride) + 1);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator0);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator1);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator0);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator1);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator0);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator1);
        }

        center = SweepCenter<TFirst>(rows + (2 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (2 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (2 * stride) + 1);
        accumulator0 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator2);
        accumulator0 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator2);
        accumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator0);
        accumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator2);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (2 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (2 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (2 * stride) + 1);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator0);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator1);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator2);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator0);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator1);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator2);
            secondAccumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator0);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator1);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator2);
        }

        center = SweepCenter<TFirst>(rows + (3 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (3 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (3 * stride) + 1);
        accumulator1 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator3);
        accumulator1 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator3);
        accumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator1);
        accumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator3);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (3 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (3 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (3 * stride) + 1);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator1);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator2);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator3);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator1);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator2);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator3);
            secondAccumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator1);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator2);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator3);
        }

        center = SweepCenter<TFirst>(rows + (4 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (4 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (4 * stride) + 1);
        accumulator2 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator4);
        accumulator2 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator4);
        accumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator2);
        accumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator4);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (4 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (4 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (4 * stride) + 1);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator2);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator3);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator4);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator2);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator3);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator4);
            secondAccumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator2);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator3);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator4);
        }

        center = SweepCenter<TFirst>(rows + (5 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (5 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (5 * stride) + 1);
        accumulator3 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator5);
        accumulator3 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator5);
        accumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator3);
        accumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator5);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (5 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (5 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (5 * stride) + 1);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator3);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator4);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator5);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator3);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator4);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator5);
            secondAccumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator3);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator4);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator5);
        }

        center = SweepCenter<TFirst>(rows + (6 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (6 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (6 * stride) + 1);
        accumulator4 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator6);
        accumulator4 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator6);
        accumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator4);
        accumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator6);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (6 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (6 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (6 * stride) + 1);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator4);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator5);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator6);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator4);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator5);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator6);
            secondAccumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator4);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator5);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator6);
        }

        center = SweepCenter<TFirst>(rows + (7 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (7 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (7 * stride) + 1);
        accumulator5 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator6);
        accumulator7 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), accumulator7);
        accumulator5 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator6);
        accumulator7 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), accumulator7);
        accumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator5);
        accumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator6);
        accumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator7);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (7 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (7 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (7 * stride) + 1);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator5);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator6);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[0]), secondAccumulator7);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator5);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator6);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[1]), secondAccumulator7);
            secondAccumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator5);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator6);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), secondAccumulator7);
        }

        center = SweepCenter<TFirst>(rows + (8 * stride));
        left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (8 * stride) - 1);
        right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (8 * stride) + 1);
        accumulator6 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator6);
        accumulator7 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), accumulator7);
        accumulator6 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator6);
        accumulator7 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), accumulator7);
        accumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator6);
        accumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator7);

        if (pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (8 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (8 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (8 * stride) + 1);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator6);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[3]), secondAccumulator7);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator6);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[4]), secondAccumulator7);
            secondAccumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator6);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), secondAccumulator7);
        }

        if (!TRows.PaddedLast)
        {
            center = SweepCenter<TFirst>(rows + (9 * stride));
            left = TFirst.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rows + (9 * stride) - 1);
            right = TFirst.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rows + (9 * stride) + 1);
            accumulator7 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), accumulator7);
            accumulator7 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), accumulator7);
            accumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator7);
        }

        if (!TRows.PaddedLast && pair)
        {
            center = SweepCenter<TSecond>(rowsOn + (9 * stride));
            left = TSecond.First ? SimdFloat512.ShiftUp(center) : Vector512.Load(rowsOn + (9 * stride) - 1);
            right = TSecond.Last ? Right(Vector512<float>.Zero, center) : Vector512.Load(rowsOn + (9 * stride) + 1);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(left, Vector512.Create(weights[6]), secondAccumulator7);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(center, Vector512.Create(weights[7]), secondAccumulator7);
            secondAccumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), secondAccumulator7);
        }

        StoreSweepColumn<TActivation, TFirst>(outputs, stride, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, activation);
        if (pair)
        {
            StoreSweepColumn<TActivation, TSecond>(outputs + second, stride, secondAccumulator0, secondAccumulator1, secondAccumulator2, secondAccumulator3, secondAccumulator4, secondAccumulator5, secondAccumulator6, secondAccumulator7, activation);
        }
    }

    // A sweep step's eight accumulators, activated → output rows 0 … 7 at `outputs`: whole registers, or the half
    // register ending a row of 16·k + 8 columns as 256 bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSweepColumn<TActivation, TColumn>(
        float* outputs, nint stride, Vector512<float> row0, Vector512<float> row1, Vector512<float> row2, Vector512<float> row3,
        Vector512<float> row4, Vector512<float> row5, Vector512<float> row6, Vector512<float> row7, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
        where TColumn : struct, ISweepColumn
    {
        if (TColumn.Half)
        {
            Vector256.Store(activation.Invoke(row0).GetLower(), outputs + (0 * stride));
            Vector256.Store(activation.Invoke(row1).GetLower(), outputs + (1 * stride));
            Vector256.Store(activation.Invoke(row2).GetLower(), outputs + (2 * stride));
            Vector256.Store(activation.Invoke(row3).GetLower(), outputs + (3 * stride));
            Vector256.Store(activation.Invoke(row4).GetLower(), outputs + (4 * stride));
            Vector256.Store(activation.Invoke(row5).GetLower(), outputs + (5 * stride));
            Vector256.Store(activation.Invoke(row6).GetLower(), outputs + (6 * stride));
            Vector256.Store(activation.Invoke(row7).GetLower(), outputs + (7 * stride));
            return;
        }

        Vector512.Store(activation.Invoke(row0), outputs + (0 * stride));
        Vector512.Store(activation.Invoke(row1), outputs + (1 * stride));
        Vector512.Store(activation.Invoke(row2), outputs + (2 * stride));
        Vector512.Store(activation.Invoke(row3), outputs + (3 * stride));
        Vector512.Store(activation.Invoke(row4), outputs + (4 * stride));
        Vector512.Store(activation.Invoke(row5), outputs + (5 * stride));
        Vector512.Store(activation.Invoke(row6), outputs + (6 * stride));
        Vector512.Store(activation.Invoke(row7), outputs + (7 * stride));
    }

    // Tap 1 of a sweep step's register: a whole register, or the half register ending a row of 16·k + 8 columns loaded
    // as 256 bits with zeros above (so that its tap 2 sees the right padding at lane 8).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SweepCenter<TColumn>(float* row)
        where TColumn : struct, ISweepColumn =>
        TColumn.Half ? Vector256.Load(row).ToVector512() : Vector512.Load(row);

    // Tap 2 of a register: its lanes 1 … 15, then lane 0 of the next register.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Right(Vector512<float> next, Vector512<float> center) =>
        Avx512F.AlignRight32(next.AsInt32(), center.AsInt32(), 1).AsSingle();

    // Tap 0 of the next register: lane 15 of this one, then the next register's lanes 0 … 14.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Left(Vector512<float> next, Vector512<float> center) =>
        Avx512F.AlignRight32(next.AsInt32(), center.AsInt32(), 15).AsSingle();
}
