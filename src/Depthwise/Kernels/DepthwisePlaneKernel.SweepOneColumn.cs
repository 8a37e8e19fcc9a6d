using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <content>
/// The eight-row sweep one register column at a time (session 10's, kept for Zen 4: see
/// <see cref="PlaneRowSweeps"/>): each input row's register at column 16j loaded once and carried to the next column,
/// tap 2 made from it by `valignd`, tap 0 loaded.
/// </content>
internal static unsafe partial class DepthwisePlaneKernel
{
    // input rows origin … origin + 9 of the plane (H, W) → output rows y … y + 7 of (H, W), all columns; one padding
    // column each side; `weights` the nine taps row by row, contiguous. The sweep for Zen 4 (PlaneRowSweeps): eight
    // accumulator chains per register column cover its one 512-bit FMA pipe (four left the FMAs waiting on their own
    // results), and a third of the loads of SweepEight's, most of which split a cache line, fit its one 512-bit load
    // per cycle. Only the ten rows' centre registers are carried to the next
    // column: tap 2 is the centre with the next register's first lane shifted in (`valignd`), tap 0 a load one column
    // back (the first register: the centre with a zero shifted in). Carrying tap 0 too (20 registers with the 8
    // accumulators and 10 broadcasts) made the JIT spill registers in the loop, and those runs were 1.2–2.2× slower
    // in some processes and not others. 10 loads of centres, 10 of tap 0 and 10 shuffles for 72 FMAs.
    // Generated row by row (each input row k feeds output rows k − 2 … k at kernel rows 2 … 0; per output row the
    // FMAs stay in (ky, kx) order, the blocked kernel's bits).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SweepEightOneColumn<TRows, TActivation>(
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
                StoreSweepColumn<TActivation, SweepColumns.RowEndHalf>(outputs, stride, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, activation);
                return;
            }

            StoreSweepColumn<TActivation, SweepColumns.Inside>(outputs, stride, accumulator0, accumulator1, accumulator2, accumulator3, accumulator4, accumulator5, accumulator6, accumulator7, activation);
            if (last)
            {
                return;
            }

            column = nextColumn;
        }
    }
}
