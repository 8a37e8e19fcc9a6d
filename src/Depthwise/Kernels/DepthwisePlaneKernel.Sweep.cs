using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <content>
/// The row sweep: a four-row group of a plane with one padding column each side, 512-bit registers, walked left to
/// right across the row with each input row's registers loaded once.
/// </content>
internal static unsafe partial class DepthwisePlaneKernel
{
    /// <summary>Whether a group of this row geometry runs on <see cref="Sweep{TRows, TActivation}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Sweeps<TVector>(int inputWidth, int outputWidth, int padLeft)
        where TVector : struct =>
        Avx512F.IsSupported && typeof(TVector) == typeof(Vector512<float>) && padLeft == 1 && inputWidth == outputWidth && outputWidth > Vector512<float>.Count;

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
        // A row that is not a whole number of registers ends with a register pulled back to end at the row's end: the
        // register before it takes its tap 2 from a load one column on instead of the next register, and the pulled-back
        // register its tap 0 from a load one column back.
        var pulledBack = (nint)width - lanes;
        nint column = 0;
        while (true)
        {
            var last = column == pulledBack;
            var nextColumn = Math.Min(column + lanes, pulledBack);
            var pulled = !last && nextColumn != column + lanes;
            Vector512<float> next0 = default, next1, next2, next3, next4, next5 = default;
            if (last)
            {
                next1 = next2 = next3 = next4 = Vector512<float>.Zero;
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

    // Tap 2 of a register: its lanes 1 … 15, then lane 0 of the next register.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Right(Vector512<float> next, Vector512<float> center) =>
        Avx512F.AlignRight32(next.AsInt32(), center.AsInt32(), 1).AsSingle();

    // Tap 0 of the next register: lane 15 of this one, then the next register's lanes 0 … 14.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Left(Vector512<float> next, Vector512<float> center) =>
        Avx512F.AlignRight32(next.AsInt32(), center.AsInt32(), 15).AsSingle();
}
