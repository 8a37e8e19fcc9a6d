using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// 3×3 kernel, stride 1, dilation 1, blocked input: a strip of 7 output pixels walked down a band of rows with each input
/// line loaded once ("rolling rows"). All nine weights stay in registers with the accumulators of the three output rows
/// the current input row feeds (21 + 9 + the input column = 31 of AVX-512's 32): each of the row's 9 columns is loaded
/// once and feeds up to 9 FMAs, 63 per input row, 0.14 loads per FMA against the row pair's 0.38. On planes that
/// stream from the L3 (56², 112², 192/256×28²) the row pair's 2.3 instructions per FMA leave the kernel at 61–72 % of
/// the FMA peak, and loops with fewer instructions and loads per FMA hide more of the L3's latency (docs/kernels.md,
/// "Session 17"). Blocked rows of 28+ pixels written in place take <see cref="Taps3x3Stride1Window"/> instead, which
/// walks the same FMAs in memory order.
/// </summary>
/// <remarks>
/// After input row i, output row i − 1 has all its taps: it is activated and stored, and its registers restart from the
/// bias as row i + 2. The steady loop takes three input rows at a time so that the three rows' roles rotate by name,
/// with no register copies. Every accumulator starts from the bias and meets the input rows in increasing order (kernel
/// rows 0, 1, 2) and each row's columns in increasing order (kx 0, 1, 2), the order of every other kernel, so the strips
/// give the same bits; padding columns add fma(0, w, acc) as the runs do, and padding rows above and below the image
/// are skipped.
/// </remarks>
internal static unsafe class Taps3x3Stride1Strip
{
    /// <summary>Output pixels per strip: a 14·k-pixel row is 2·k strips, so no pixel is computed twice.</summary>
    public const int Pixels = 7;

    // input rows firstRow − 1 … endRow of a blocked plane (H, W, lanes; the first and last rows read only when inside
    // the image), weights (3×3, lanes) → output pixels x … x + 6 of rows [firstRow, endRow), endRow − firstRow ≥ 2
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Band<TSimd, TVector, TRun, TOutput, TActivation>(
        float* input,
        nint rowStride,
        float* weights,
        float* bias,
        int height,
        int firstRow,
        int endRow,
        int x,
        ref TOutput output,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRun : struct, IPaddedEnds
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        const int lanes = 16;
        var weight0 = Vector512.Load(weights);
        var weight1 = Vector512.Load(weights + (1 * lanes));
        var weight2 = Vector512.Load(weights + (2 * lanes));
        var weight3 = Vector512.Load(weights + (3 * lanes));
        var weight4 = Vector512.Load(weights + (4 * lanes));
        var weight5 = Vector512.Load(weights + (5 * lanes));
        var weight6 = Vector512.Load(weights + (6 * lanes));
        var weight7 = Vector512.Load(weights + (7 * lanes));
        var weight8 = Vector512.Load(weights + (8 * lanes));
        var a0 = Vector512.Load(bias);
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        var a4 = a0;
        var a5 = a0;
        var a6 = a0;
        var b0 = a0;
        var b1 = a0;
        var b2 = a0;
        var b3 = a0;
        var b4 = a0;
        var b5 = a0;
        var b6 = a0;
        var c0 = a0;
        var c1 = a0;
        var c2 = a0;
        var c3 = a0;
        var c4 = a0;
        var c5 = a0;
        var c6 = a0;

        // A copy the JIT keeps in registers: stores through `output` could change its fields, as far as it knows.
        var target = output;

        // Row r of the strip's input starts at column x − 1.
        var column = input + ((x - 1) * lanes);
        var y = firstRow;
        if (y > 0)
        {
            AddInputRow<TRun, FedOutputRows.NextOnly>(
                column + ((y - 1) * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6);
        }

        AddInputRow<TRun, FedOutputRows.CurrentAndNext>(
            column + (y * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6,
            ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6,
            ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6);

        // Input rows y, y + 1, y + 2 each feed three rows of the band: a, b, c take turns as the row to finish.
        for (y++; y + 3 < endRow; y += 3)
        {
            Reset(bias, ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6);
            AddInputRow<TRun, FedOutputRows.All>(
                column + (y * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6,
                ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6);
            Store<TSimd, TVector, TOutput, TActivation>(ref target, y - 1, x, activation, a0, a1, a2, a3, a4, a5, a6);
            Reset(bias, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6);
            AddInputRow<TRun, FedOutputRows.All>(
                column + ((y + 1) * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6);
            Store<TSimd, TVector, TOutput, TActivation>(ref target, y, x, activation, b0, b1, b2, b3, b4, b5, b6);
            Reset(bias, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6);
            AddInputRow<TRun, FedOutputRows.All>(
                column + ((y + 2) * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6,
                ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6);
            Store<TSimd, TVector, TOutput, TActivation>(ref target, y + 1, x, activation, c0, c1, c2, c3, c4, c5, c6);
        }

        // The last one or two such rows: the roles move by copies.
        for (; y + 1 < endRow; y++)
        {
            Reset(bias, ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6);
            AddInputRow<TRun, FedOutputRows.All>(
                column + (y * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6,
                ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6);
            Store<TSimd, TVector, TOutput, TActivation>(ref target, y - 1, x, activation, a0, a1, a2, a3, a4, a5, a6);
            a0 = b0;
            a1 = b1;
            a2 = b2;
            a3 = b3;
            a4 = b4;
            a5 = b5;
            a6 = b6;
            b0 = c0;
            b1 = c1;
            b2 = c2;
            b3 = c3;
            b4 = c4;
            b5 = c5;
            b6 = c6;
        }

        AddInputRow<TRun, FedOutputRows.PreviousAndCurrent>(
            column + (y * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6,
            ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6,
            ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6);
        Store<TSimd, TVector, TOutput, TActivation>(ref target, y - 1, x, activation, a0, a1, a2, a3, a4, a5, a6);
        if (y + 1 < height)
        {
            AddInputRow<TRun, FedOutputRows.PreviousOnly>(
                column + ((y + 1) * rowStride), weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6,
                ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6);
        }

        Store<TSimd, TVector, TOutput, TActivation>(ref target, y, x, activation, b0, b1, b2, b3, b4, b5, b6);
    }

    // input row i (columns x − 1 … x + 7), weights (3×3, lanes) → the 7 accumulators of output rows i − 1 (kernel row 2),
    // i (kernel row 1) and i + 1 (kernel row 0), those TFed names; column j is tap kx = j − p of pixel p, so visiting the
    // columns in increasing order adds each pixel's taps in increasing kx
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInputRow<TRun, TFed>(
        float* input,
        Vector512<float> weight0,
        Vector512<float> weight1,
        Vector512<float> weight2,
        Vector512<float> weight3,
        Vector512<float> weight4,
        Vector512<float> weight5,
        Vector512<float> weight6,
        Vector512<float> weight7,
        Vector512<float> weight8,
        ref Vector512<float> previous0,
        ref Vector512<float> previous1,
        ref Vector512<float> previous2,
        ref Vector512<float> previous3,
        ref Vector512<float> previous4,
        ref Vector512<float> previous5,
        ref Vector512<float> previous6,
        ref Vector512<float> current0,
        ref Vector512<float> current1,
        ref Vector512<float> current2,
        ref Vector512<float> current3,
        ref Vector512<float> current4,
        ref Vector512<float> current5,
        ref Vector512<float> current6,
        ref Vector512<float> next0,
        ref Vector512<float> next1,
        ref Vector512<float> next2,
        ref Vector512<float> next3,
        ref Vector512<float> next4,
        ref Vector512<float> next5,
        ref Vector512<float> next6)
        where TRun : struct, IPaddedEnds
        where TFed : struct, IFedOutputRows
    {
        const int lanes = 16;
        var value = TRun.PaddedFirst ? Vector512<float>.Zero : Vector512.Load(input);
        if (TFed.Previous)
        {
            previous0 = Vector512.FusedMultiplyAdd(value, weight6, previous0);
        }

        if (TFed.Current)
        {
            current0 = Vector512.FusedMultiplyAdd(value, weight3, current0);
        }

        if (TFed.Next)
        {
            next0 = Vector512.FusedMultiplyAdd(value, weight0, next0);
        }

        value = Vector512.Load(input + lanes);
        if (TFed.Previous)
        {
            previous0 = Vector512.FusedMultiplyAdd(value, weight7, previous0);
            previous1 = Vector512.FusedMultiplyAdd(value, weight6, previous1);
        }

        if (TFed.Current)
        {
            current0 = Vector512.FusedMultiplyAdd(value, weight4, current0);
            current1 = Vector512.FusedMultiplyAdd(value, weight3, current1);
        }

        if (TFed.Next)
        {
            next0 = Vector512.FusedMultiplyAdd(value, weight1, next0);
            next1 = Vector512.FusedMultiplyAdd(value, weight0, next1);
        }

        value = Vector512.Load(input + (2 * lanes));
        if (TFed.Previous)
        {
            previous0 = Vector512.FusedMultiplyAdd(value, weight8, previous0);
            previous1 = Vector512.FusedMultiplyAdd(value, weight7, previous1);
            previous2 = Vector512.FusedMultiplyAdd(value, weight6, previous2);
        }

        if (TFed.Current)
        {
            current0 = Vector512.FusedMultiplyAdd(value, weight5, current0);
            current1 = Vector512.FusedMultiplyAdd(value, weight4, current1);
            current2 = Vector512.FusedMultiplyAdd(value, weight3, current2);
        }

        if (TFed.Next)
        {
            next0 = Vector512.FusedMultiplyAdd(value, weight2, next0);
            next1 = Vector512.FusedMultiplyAdd(value, weight1, next1);
            next2 = Vector512.FusedMultiplyAdd(value, weight0, next2);
        }

        value = Vector512.Load(input + (3 * lanes));
        if (TFed.Previous)
        {
            previous1 = Vector512.FusedMultiplyAdd(value, weight8, previous1);
            previous2 = Vector512.FusedMultiplyAdd(value, weight7, previous2);
            previous3 = Vector512.FusedMultiplyAdd(value, weight6, previous3);
        }

        if (TFed.Current)
        {
            current1 = Vector512.FusedMultiplyAdd(value, weight5, current1);
            current2 = Vector512.FusedMultiplyAdd(value, weight4, current2);
            current3 = Vector512.FusedMultiplyAdd(value, weight3, current3);
        }

        if (TFed.Next)
        {
            next1 = Vector512.FusedMultiplyAdd(value, weight2, next1);
            next2 = Vector512.FusedMultiplyAdd(value, weight1, next2);
            next3 = Vector512.FusedMultiplyAdd(value, weight0, next3);
        }

        value = Vector512.Load(input + (4 * lanes));
        if (TFed.Previous)
        {
            previous2 = Vector512.FusedMultiplyAdd(value, weight8, previous2);
            previous3 = Vector512.FusedMultiplyAdd(value, weight7, previous3);
            previous4 = Vector512.FusedMultiplyAdd(value, weight6, previous4);
        }

        if (TFed.Current)
        {
            current2 = Vector512.FusedMultiplyAdd(value, weight5, current2);
            current3 = Vector512.FusedMultiplyAdd(value, weight4, current3);
            current4 = Vector512.FusedMultiplyAdd(value, weight3, current4);
        }

        if (TFed.Next)
        {
            next2 = Vector512.FusedMultiplyAdd(value, weight2, next2);
            next3 = Vector512.FusedMultiplyAdd(value, weight1, next3);
            next4 = Vector512.FusedMultiplyAdd(value, weight0, next4);
        }

        value = Vector512.Load(input + (5 * lanes));
        if (TFed.Previous)
        {
            previous3 = Vector512.FusedMultiplyAdd(value, weight8, previous3);
            previous4 = Vector512.FusedMultiplyAdd(value, weight7, previous4);
            previous5 = Vector512.FusedMultiplyAdd(value, weight6, previous5);
        }

        if (TFed.Current)
        {
            current3 = Vector512.FusedMultiplyAdd(value, weight5, current3);
            current4 = Vector512.FusedMultiplyAdd(value, weight4, current4);
            current5 = Vector512.FusedMultiplyAdd(value, weight3, current5);
        }

        if (TFed.Next)
        {
            next3 = Vector512.FusedMultiplyAdd(value, weight2, next3);
            next4 = Vector512.FusedMultiplyAdd(value, weight1, next4);
            next5 = Vector512.FusedMultiplyAdd(value, weight0, next5);
        }

        value = Vector512.Load(input + (6 * lanes));
        if (TFed.Previous)
        {
            previous4 = Vector512.FusedMultiplyAdd(value, weight8, previous4);
            previous5 = Vector512.FusedMultiplyAdd(value, weight7, previous5);
            previous6 = Vector512.FusedMultiplyAdd(value, weight6, previous6);
        }

        if (TFed.Current)
        {
            current4 = Vector512.FusedMultiplyAdd(value, weight5, current4);
            current5 = Vector512.FusedMultiplyAdd(value, weight4, current5);
            current6 = Vector512.FusedMultiplyAdd(value, weight3, current6);
        }

        if (TFed.Next)
        {
            next4 = Vector512.FusedMultiplyAdd(value, weight2, next4);
            next5 = Vector512.FusedMultiplyAdd(value, weight1, next5);
            next6 = Vector512.FusedMultiplyAdd(value, weight0, next6);
        }

        value = Vector512.Load(input + (7 * lanes));
        if (TFed.Previous)
        {
            previous5 = Vector512.FusedMultiplyAdd(value, weight8, previous5);
            previous6 = Vector512.FusedMultiplyAdd(value, weight7, previous6);
        }

        if (TFed.Current)
        {
            current5 = Vector512.FusedMultiplyAdd(value, weight5, current5);
            current6 = Vector512.FusedMultiplyAdd(value, weight4, current6);
        }

        if (TFed.Next)
        {
            next5 = Vector512.FusedMultiplyAdd(value, weight2, next5);
            next6 = Vector512.FusedMultiplyAdd(value, weight1, next6);
        }

        value = TRun.PaddedLast ? Vector512<float>.Zero : Vector512.Load(input + (8 * lanes));
        if (TFed.Previous)
        {
            previous6 = Vector512.FusedMultiplyAdd(value, weight8, previous6);
        }

        if (TFed.Current)
        {
            current6 = Vector512.FusedMultiplyAdd(value, weight5, current6);
        }

        if (TFed.Next)
        {
            next6 = Vector512.FusedMultiplyAdd(value, weight2, next6);
        }
    }

    // the 7 accumulators of a finished row ← the bias, as the row two below
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reset(float* bias, ref Vector512<float> pixel0, ref Vector512<float> pixel1, ref Vector512<float> pixel2, ref Vector512<float> pixel3, ref Vector512<float> pixel4, ref Vector512<float> pixel5, ref Vector512<float> pixel6)
    {
        pixel0 = Vector512.Load(bias);
        pixel1 = pixel0;
        pixel2 = pixel0;
        pixel3 = pixel0;
        pixel4 = pixel0;
        pixel5 = pixel0;
        pixel6 = pixel0;
    }

    // the 7 accumulators of output row y, activated → pixels x … x + 6 (exactly those: a block of eight would land on
    // the next strip's first pixel, or the next row's, which may be written already)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TSimd, TVector, TOutput, TActivation>(
        ref TOutput output,
        int y,
        int x,
        TActivation activation,
        Vector512<float> pixel0,
        Vector512<float> pixel1,
        Vector512<float> pixel2,
        Vector512<float> pixel3,
        Vector512<float> pixel4,
        Vector512<float> pixel5,
        Vector512<float> pixel6)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TOutput : struct, IDepthwiseOutput<TVector>
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var last = TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel6), activation);
        output.StoreExactly(
            y,
            x,
            Pixels,
            TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel0), activation),
            TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel1), activation),
            TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel2), activation),
            TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel3), activation),
            TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel4), activation),
            TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel5), activation),
            last,
            last);
    }
}
