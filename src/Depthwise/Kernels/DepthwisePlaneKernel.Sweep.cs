using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Depthwise.Geometry;

namespace Depthwise.Kernels;

/// <content>
/// The row sweep (AVX-512, one padding column each side, rows wider than a register): eight (or four) output rows
/// walked left to right across the row one register column at a time, each input row's register at column 16j loaded
/// once and its neighbours' taps made from it by `valignd` (see docs/kernels.md, "Session 10").
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
        float* input, float* output, float* weights, nint weightStride, float bias, in ConvGeometry geometry, int firstRow, int endRow, in DepthwisePlaneTaps<Vector512<float>> taps, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
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
                    SweepEight<PaddedEnds.First, TActivation>(input, width, origin, output, y, sweepWeights, sweepBias, activation);
                }
                else if (origin + (2 * RowsPerGroup) + KernelSize - 2 >= inputHeight)
                {
                    SweepEight<PaddedEnds.Last, TActivation>(input, width, origin, output, y, sweepWeights, sweepBias, activation);
                }
                else
                {
                    SweepEight<PaddedEnds.None, TActivation>(input, width, origin, output, y, sweepWeights, sweepBias, activation);
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
    // column each side; `weights` the nine taps row by row, contiguous. Eight accumulator chains per register column
    // (four left the FMAs waiting on their own results). Only the ten rows' centre registers are carried to the next
    // column: tap 2 is the centre with the next register's first lane shifted in (`valignd`), tap 0 a load one column
    // back (the first register: the centre with a zero shifted in). Carrying tap 0 too (20 registers with the 8
    // accumulators and 10 broadcasts) made the JIT spill registers in the loop, and those runs were 1.2–2.2× slower
    // in some processes and not others. 10 loads of centres, 10 of tap 0 and 10 shuffles for 72 FMAs.
    // Generated row by row (each input row k feeds output rows k − 2 … k at kernel rows 2 … 0; per output row the
    // FMAs stay in (ky, kx) order, the blocked kernel's bits).
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
        var center0 = TRows.PaddedFirst ? default : Vector512.Load(input + (0 * stride));
        var center1 = Vector512.Load(input + (1 * stride));
        var center2 = Vector512.Load(input + (2 * stride));
        var center3 = Vector512.Load(input + (3 * stride));
        var center4 = Vector512.Load(input + (4 * stride));
        var center5 = Vector512.Load(input + (5 * stride));
        var center6 = Vector512.Load(input + (6 * stride));
        var center7 = Vector512.Load(input + (7 * stride));
        var center8 = Vector512.Load(input + (8 * stride));
        var center9 = TRows.PaddedLast ? default : Vector512.Load(input + (9 * stride));
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
            var halfNext = half && nextColumn == lastColumn;
            var rows = input + column;
            var accumulator0 = bias;
            var accumulator1 = bias;
            var accumulator2 = bias;
            var accumulator3 = bias;
            var accumulator4 = bias;
            var accumulator5 = bias;
            var accumulator6 = bias;
            var accumulator7 = bias;
            Vector512<float> next, right;
            if (!TRows.PaddedFirst)
            {
                next = last ? default : halfNext ? Vector256.Load(rows + (0 * stride) + lanes).ToVector512() : Vector512.Load(rows + (0 * stride) + (nextColumn - column));
                right = pulled ? Vector512.Load(rows + (0 * stride) + 1) : Right(next, center0);
                var left0 = column == 0 ? SimdFloat512.ShiftUp(center0) : Vector512.Load(rows + (0 * stride) - 1);
                accumulator0 = Vector512.FusedMultiplyAdd(left0, Vector512.Create(weights[0]), accumulator0);
                accumulator0 = Vector512.FusedMultiplyAdd(center0, Vector512.Create(weights[1]), accumulator0);
                accumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator0);
                center0 = next;
            }

            next = last ? default : halfNext ? Vector256.Load(rows + (1 * stride) + lanes).ToVector512() : Vector512.Load(rows + (1 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (1 * stride) + 1) : Right(next, center1);
            var left1 = column == 0 ? SimdFloat512.ShiftUp(center1) : Vector512.Load(rows + (1 * stride) - 1);
            accumulator0 = Vector512.FusedMultiplyAdd(left1, Vector512.Create(weights[3]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(left1, Vector512.Create(weights[0]), accumulator1);
            accumulator0 = Vector512.FusedMultiplyAdd(center1, Vector512.Create(weights[4]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(center1, Vector512.Create(weights[1]), accumulator1);
            accumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator1);
            center1 = next;

            next = last ? default : halfNext ? Vector256.Load(rows + (2 * stride) + lanes).ToVector512() : Vector512.Load(rows + (2 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (2 * stride) + 1) : Right(next, center2);
            var left2 = column == 0 ? SimdFloat512.ShiftUp(center2) : Vector512.Load(rows + (2 * stride) - 1);
            accumulator0 = Vector512.FusedMultiplyAdd(left2, Vector512.Create(weights[6]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(left2, Vector512.Create(weights[3]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(left2, Vector512.Create(weights[0]), accumulator2);
            accumulator0 = Vector512.FusedMultiplyAdd(center2, Vector512.Create(weights[7]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(center2, Vector512.Create(weights[4]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(center2, Vector512.Create(weights[1]), accumulator2);
            accumulator0 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator0);
            accumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator2);
            center2 = next;

            next = last ? default : halfNext ? Vector256.Load(rows + (3 * stride) + lanes).ToVector512() : Vector512.Load(rows + (3 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (3 * stride) + 1) : Right(next, center3);
            var left3 = column == 0 ? SimdFloat512.ShiftUp(center3) : Vector512.Load(rows + (3 * stride) - 1);
            accumulator1 = Vector512.FusedMultiplyAdd(left3, Vector512.Create(weights[6]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(left3, Vector512.Create(weights[3]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(left3, Vector512.Create(weights[0]), accumulator3);
            accumulator1 = Vector512.FusedMultiplyAdd(center3, Vector512.Create(weights[7]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(center3, Vector512.Create(weights[4]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(center3, Vector512.Create(weights[1]), accumulator3);
            accumulator1 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator1);
            accumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator3);
            center3 = next;

            next = last ? default : halfNext ? Vector256.Load(rows + (4 * stride) + lanes).ToVector512() : Vector512.Load(rows + (4 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (4 * stride) + 1) : Right(next, center4);
            var left4 = column == 0 ? SimdFloat512.ShiftUp(center4) : Vector512.Load(rows + (4 * stride) - 1);
            accumulator2 = Vector512.FusedMultiplyAdd(left4, Vector512.Create(weights[6]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(left4, Vector512.Create(weights[3]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(left4, Vector512.Create(weights[0]), accumulator4);
            accumulator2 = Vector512.FusedMultiplyAdd(center4, Vector512.Create(weights[7]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(center4, Vector512.Create(weights[4]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(center4, Vector512.Create(weights[1]), accumulator4);
            accumulator2 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator2);
            accumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator4);
            center4 = next;

            next = last ? default : halfNext ? Vector256.Load(rows + (5 * stride) + lanes).ToVector512() : Vector512.Load(rows + (5 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (5 * stride) + 1) : Right(next, center5);
            var left5 = column == 0 ? SimdFloat512.ShiftUp(center5) : Vector512.Load(rows + (5 * stride) - 1);
            accumulator3 = Vector512.FusedMultiplyAdd(left5, Vector512.Create(weights[6]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(left5, Vector512.Create(weights[3]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(left5, Vector512.Create(weights[0]), accumulator5);
            accumulator3 = Vector512.FusedMultiplyAdd(center5, Vector512.Create(weights[7]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(center5, Vector512.Create(weights[4]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(center5, Vector512.Create(weights[1]), accumulator5);
            accumulator3 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator3);
            accumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator5);
            center5 = next;

            next = last ? default : halfNext ? Vector256.Load(rows + (6 * stride) + lanes).ToVector512() : Vector512.Load(rows + (6 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (6 * stride) + 1) : Right(next, center6);
            var left6 = column == 0 ? SimdFloat512.ShiftUp(center6) : Vector512.Load(rows + (6 * stride) - 1);
            accumulator4 = Vector512.FusedMultiplyAdd(left6, Vector512.Create(weights[6]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(left6, Vector512.Create(weights[3]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(left6, Vector512.Create(weights[0]), accumulator6);
            accumulator4 = Vector512.FusedMultiplyAdd(center6, Vector512.Create(weights[7]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(center6, Vector512.Create(weights[4]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(center6, Vector512.Create(weights[1]), accumulator6);
            accumulator4 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator4);
            accumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator6);
            center6 = next;

            next = last ? default : halfNext ? Vector256.Load(rows + (7 * stride) + lanes).ToVector512() : Vector512.Load(rows + (7 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (7 * stride) + 1) : Right(next, center7);
            var left7 = column == 0 ? SimdFloat512.ShiftUp(center7) : Vector512.Load(rows + (7 * stride) - 1);
            accumulator5 = Vector512.FusedMultiplyAdd(left7, Vector512.Create(weights[6]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(left7, Vector512.Create(weights[3]), accumulator6);
            accumulator7 = Vector512.FusedMultiplyAdd(left7, Vector512.Create(weights[0]), accumulator7);
            accumulator5 = Vector512.FusedMultiplyAdd(center7, Vector512.Create(weights[7]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(center7, Vector512.Create(weights[4]), accumulator6);
            accumulator7 = Vector512.FusedMultiplyAdd(center7, Vector512.Create(weights[1]), accumulator7);
            accumulator5 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator5);
            accumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator6);
            accumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[2]), accumulator7);
            center7 = next;

            next = last ? default : halfNext ? Vector256.Load(rows + (8 * stride) + lanes).ToVector512() : Vector512.Load(rows + (8 * stride) + (nextColumn - column));
            right = pulled ? Vector512.Load(rows + (8 * stride) + 1) : Right(next, center8);
            var left8 = column == 0 ? SimdFloat512.ShiftUp(center8) : Vector512.Load(rows + (8 * stride) - 1);
            accumulator6 = Vector512.FusedMultiplyAdd(left8, Vector512.Create(weights[6]), accumulator6);
            accumulator7 = Vector512.FusedMultiplyAdd(left8, Vector512.Create(weights[3]), accumulator7);
            accumulator6 = Vector512.FusedMultiplyAdd(center8, Vector512.Create(weights[7]), accumulator6);
            accumulator7 = Vector512.FusedMultiplyAdd(center8, Vector512.Create(weights[4]), accumulator7);
            accumulator6 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator6);
            accumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[5]), accumulator7);
            center8 = next;

            if (!TRows.PaddedLast)
            {
                next = last ? default : halfNext ? Vector256.Load(rows + (9 * stride) + lanes).ToVector512() : Vector512.Load(rows + (9 * stride) + (nextColumn - column));
                right = pulled ? Vector512.Load(rows + (9 * stride) + 1) : Right(next, center9);
                var left9 = column == 0 ? SimdFloat512.ShiftUp(center9) : Vector512.Load(rows + (9 * stride) - 1);
                accumulator7 = Vector512.FusedMultiplyAdd(left9, Vector512.Create(weights[6]), accumulator7);
                accumulator7 = Vector512.FusedMultiplyAdd(center9, Vector512.Create(weights[7]), accumulator7);
                accumulator7 = Vector512.FusedMultiplyAdd(right, Vector512.Create(weights[8]), accumulator7);
                center9 = next;
            }

            var outputs = outputRows + column;
            if (last && half)
            {
                Vector256.Store(activation.Invoke(accumulator0).GetLower(), outputs + (0 * stride));
                Vector256.Store(activation.Invoke(accumulator1).GetLower(), outputs + (1 * stride));
                Vector256.Store(activation.Invoke(accumulator2).GetLower(), outputs + (2 * stride));
                Vector256.Store(activation.Invoke(accumulator3).GetLower(), outputs + (3 * stride));
                Vector256.Store(activation.Invoke(accumulator4).GetLower(), outputs + (4 * stride));
                Vector256.Store(activation.Invoke(accumulator5).GetLower(), outputs + (5 * stride));
                Vector256.Store(activation.Invoke(accumulator6).GetLower(), outputs + (6 * stride));
                Vector256.Store(activation.Invoke(accumulator7).GetLower(), outputs + (7 * stride));
                return;
            }

            Vector512.Store(activation.Invoke(accumulator0), outputs + (0 * stride));
            Vector512.Store(activation.Invoke(accumulator1), outputs + (1 * stride));
            Vector512.Store(activation.Invoke(accumulator2), outputs + (2 * stride));
            Vector512.Store(activation.Invoke(accumulator3), outputs + (3 * stride));
            Vector512.Store(activation.Invoke(accumulator4), outputs + (4 * stride));
            Vector512.Store(activation.Invoke(accumulator5), outputs + (5 * stride));
            Vector512.Store(activation.Invoke(accumulator6), outputs + (6 * stride));
            Vector512.Store(activation.Invoke(accumulator7), outputs + (7 * stride));
            if (last)
            {
                return;
            }

            column = nextColumn;
        }
    }


    // Tap 2 of a register: its lanes 1 … 15, then lane 0 of the next register.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Right(Vector512<float> next, Vector512<float> center) =>
        Avx512F.AlignRight32(next.AsInt32(), center.AsInt32(), 1).AsSingle();

    // Tap 0 of the next register: lane 15 of this one, then the next register's lanes 0 … 14.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Left(Vector512<float> next, Vector512<float> center) =>
        Avx512F.AlignRight32(next.AsInt32(), center.AsInt32(), 15).AsSingle();
}
