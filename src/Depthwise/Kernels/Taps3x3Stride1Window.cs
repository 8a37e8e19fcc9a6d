using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// 3×3 kernel, stride 1, dilation 1, blocked input and output (16 lanes, pixels adjacent): a band of
/// <see cref="Rows"/> output rows walked left to right one output column at a time, over a window of the band's 6 input
/// rows × 3 columns held in registers. Each step loads the input column that enters the window (6 lines, one per input
/// row, each line of the band loaded once) and computes the column's 4 output pixels from the window, all nine weights
/// in registers: 18 + 9 + 4 accumulators = 31 of AVX-512's 32, 6 loads and 4 stores per 36 FMAs. Unlike the strips
/// (<see cref="Taps3x3Stride1Strip"/>), which visit 7 lines per row and move down, every read and write stream runs
/// along its row in memory order (docs/kernels.md, "Session 19: 3×3 stride 1 — an input window walked across the rows").
/// </summary>
/// <remarks>
/// Each accumulator starts from the bias and takes its nine taps in (ky, kx) order from the window, the order of every
/// other kernel, so the window gives the same bits; the left padding column is a zero column (fma(0, w, acc), as the
/// runs and strips add), and padding rows above and below the image are skipped. The steady loop takes three columns
/// so that the window's columns rotate by name, with no register copies.
/// </remarks>
internal static unsafe class Taps3x3Stride1Window
{
    /// <summary>Output rows per band: the most whose window (rows + 2 input rows × 3 columns), weights and accumulators fit 32 registers.</summary>
    public const int Rows = 4;

    private const int Lanes = 16;

    // input rows firstRow − 1 … firstRow + 4 of a blocked plane (H, W, lanes), each `rowStride` floats (TRows: the first
    // or last is padding, skipped), weights (3×3, lanes), bias (lanes) → pixels 0 … width − 1 of output rows firstRow …
    // firstRow + 3, row r at output + r·outputRowStride, pixels one register apart; width ≥ 2
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Band<TSimd, TVector, TRows, TStores, TActivation>(
        float* input,
        nint rowStride,
        float* weights,
        float* bias,
        int firstRow,
        int width,
        float* output,
        nint outputRowStride,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IPaddedEnds
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var weight0 = Vector512.Load(weights);
        var weight1 = Vector512.Load(weights + (1 * Lanes));
        var weight2 = Vector512.Load(weights + (2 * Lanes));
        var weight3 = Vector512.Load(weights + (3 * Lanes));
        var weight4 = Vector512.Load(weights + (4 * Lanes));
        var weight5 = Vector512.Load(weights + (5 * Lanes));
        var weight6 = Vector512.Load(weights + (6 * Lanes));
        var weight7 = Vector512.Load(weights + (7 * Lanes));
        var weight8 = Vector512.Load(weights + (8 * Lanes));

        // Input rows 0–2 of the window at `upper`, rows 3–5 at `lower`, both at the column entering the window; output
        // rows 0–1 at `outputUpper`, 2–3 at `outputLower`, at the column being computed.
        var upper = input + ((firstRow - 1) * rowStride);
        var lower = upper + (3 * rowStride);
        var outputUpper = output;
        var outputLower = output + (2 * outputRowStride);

        // The window's columns: a is the left padding column, b pixel 0.
        var a0 = Vector512<float>.Zero;
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        var a4 = a0;
        var a5 = a0;
        LoadColumn<TRows>(upper, lower, rowStride, out var b0, out var b1, out var b2, out var b3, out var b4, out var b5);
        LoadColumn<TRows>(upper + Lanes, lower + Lanes, rowStride, out var c0, out var c1, out var c2, out var c3, out var c4, out var c5);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5, c0, c1, c2, c3, c4, c5,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputUpper, outputLower, outputRowStride, activation);

        // Columns x, x + 1, x + 2, each with its right neighbour in the image: the entering column takes the register
        // names of the one leaving.
        var x = 1;
        for (; x + 3 < width; x += 3)
        {
            upper += 3 * Lanes;
            lower += 3 * Lanes;
            outputUpper += 3 * Lanes;
            outputLower += 3 * Lanes;
            LoadColumn<TRows>(upper - Lanes, lower - Lanes, rowStride, out a0, out a1, out a2, out a3, out a4, out a5);
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                b0, b1, b2, b3, b4, b5, c0, c1, c2, c3, c4, c5, a0, a1, a2, a3, a4, a5,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputUpper - (2 * Lanes), outputLower - (2 * Lanes), outputRowStride, activation);
            LoadColumn<TRows>(upper, lower, rowStride, out b0, out b1, out b2, out b3, out b4, out b5);
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                c0, c1, c2, c3, c4, c5, a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputUpper - Lanes, outputLower - Lanes, outputRowStride, activation);
            LoadColumn<TRows>(upper + Lanes, lower + Lanes, rowStride, out c0, out c1, out c2, out c3, out c4, out c5);
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5, c0, c1, c2, c3, c4, c5,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputUpper, outputLower, outputRowStride, activation);
        }

        // The last 0–2 columns with a right neighbour, then the last column, whose right neighbour is the padding column.
        var zero = Vector512<float>.Zero;
        var remaining = width - 1 - x;
        upper += 2 * Lanes;
        lower += 2 * Lanes;
        outputUpper += Lanes;
        outputLower += Lanes;
        if (remaining == 0)
        {
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                b0, b1, b2, b3, b4, b5, c0, c1, c2, c3, c4, c5, zero, zero, zero, zero, zero, zero,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputUpper, outputLower, outputRowStride, activation);
            return;
        }

        LoadColumn<TRows>(upper, lower, rowStride, out a0, out a1, out a2, out a3, out a4, out a5);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            b0, b1, b2, b3, b4, b5, c0, c1, c2, c3, c4, c5, a0, a1, a2, a3, a4, a5,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputUpper, outputLower, outputRowStride, activation);
        if (remaining == 1)
        {
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                c0, c1, c2, c3, c4, c5, a0, a1, a2, a3, a4, a5, zero, zero, zero, zero, zero, zero,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputUpper + Lanes, outputLower + Lanes, outputRowStride, activation);
            return;
        }

        LoadColumn<TRows>(upper + Lanes, lower + Lanes, rowStride, out b0, out b1, out b2, out b3, out b4, out b5);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            c0, c1, c2, c3, c4, c5, a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputUpper + Lanes, outputLower + Lanes, outputRowStride, activation);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5, zero, zero, zero, zero, zero, zero,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputUpper + (2 * Lanes), outputLower + (2 * Lanes), outputRowStride, activation);
    }

    // one input column of the window: rows 0–2 at `upper`, 3–5 at `lower` (a padding row is not read: zero, never used)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadColumn<TRows>(
        float* upper,
        float* lower,
        nint rowStride,
        out Vector512<float> row0,
        out Vector512<float> row1,
        out Vector512<float> row2,
        out Vector512<float> row3,
        out Vector512<float> row4,
        out Vector512<float> row5)
        where TRows : struct, IPaddedEnds
    {
        row0 = TRows.PaddedFirst ? Vector512<float>.Zero : Vector512.Load(upper);
        row1 = Vector512.Load(upper + rowStride);
        row2 = Vector512.Load(upper + (2 * rowStride));
        row3 = Vector512.Load(lower);
        row4 = Vector512.Load(lower + rowStride);
        row5 = TRows.PaddedLast ? Vector512<float>.Zero : Vector512.Load(lower + (2 * rowStride));
    }

    // the window (left, middle, right: input rows 0–5 at columns x − 1, x, x + 1), weights (3×3, lanes), bias →
    // activated pixels x of output rows 0–3 (row r reads input rows r, r + 1, r + 2), at outputUpper (rows 0, 1) and
    // outputLower (rows 2, 3); the four rows' FMAs interleave tap by tap, four independent chains
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<TSimd, TVector, TRows, TStores, TActivation>(
        Vector512<float> left0,
        Vector512<float> left1,
        Vector512<float> left2,
        Vector512<float> left3,
        Vector512<float> left4,
        Vector512<float> left5,
        Vector512<float> middle0,
        Vector512<float> middle1,
        Vector512<float> middle2,
        Vector512<float> middle3,
        Vector512<float> middle4,
        Vector512<float> middle5,
        Vector512<float> right0,
        Vector512<float> right1,
        Vector512<float> right2,
        Vector512<float> right3,
        Vector512<float> right4,
        Vector512<float> right5,
        Vector512<float> weight0,
        Vector512<float> weight1,
        Vector512<float> weight2,
        Vector512<float> weight3,
        Vector512<float> weight4,
        Vector512<float> weight5,
        Vector512<float> weight6,
        Vector512<float> weight7,
        Vector512<float> weight8,
        float* bias,
        float* outputUpper,
        float* outputLower,
        nint outputRowStride,
        TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TRows : struct, IPaddedEnds
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation>
    {
        Vector512<float> pixel0;
        if (TRows.PaddedFirst)
        {
            // Kernel row 0 of output row 0 lies in the padding row above the image: skipped.
            pixel0 = Vector512.Load(bias);
        }
        else
        {
            pixel0 = Vector512.FusedMultiplyAdd(left0, weight0, Vector512.Load(bias));
        }

        var pixel1 = Vector512.FusedMultiplyAdd(left1, weight0, Vector512.Load(bias));
        var pixel2 = Vector512.FusedMultiplyAdd(left2, weight0, Vector512.Load(bias));
        var pixel3 = Vector512.FusedMultiplyAdd(left3, weight0, Vector512.Load(bias));
        if (!TRows.PaddedFirst)
        {
            pixel0 = Vector512.FusedMultiplyAdd(middle0, weight1, pixel0);
            pixel0 = Vector512.FusedMultiplyAdd(right0, weight2, pixel0);
        }

        pixel1 = Vector512.FusedMultiplyAdd(middle1, weight1, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(middle2, weight1, pixel2);
        pixel3 = Vector512.FusedMultiplyAdd(middle3, weight1, pixel3);
        pixel1 = Vector512.FusedMultiplyAdd(right1, weight2, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(right2, weight2, pixel2);
        pixel3 = Vector512.FusedMultiplyAdd(right3, weight2, pixel3);

        pixel0 = Vector512.FusedMultiplyAdd(left1, weight3, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(left2, weight3, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(left3, weight3, pixel2);
        pixel3 = Vector512.FusedMultiplyAdd(left4, weight3, pixel3);
        pixel0 = Vector512.FusedMultiplyAdd(middle1, weight4, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(middle2, weight4, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(middle3, weight4, pixel2);
        pixel3 = Vector512.FusedMultiplyAdd(middle4, weight4, pixel3);
        pixel0 = Vector512.FusedMultiplyAdd(right1, weight5, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(right2, weight5, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(right3, weight5, pixel2);
        pixel3 = Vector512.FusedMultiplyAdd(right4, weight5, pixel3);

        pixel0 = Vector512.FusedMultiplyAdd(left2, weight6, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(left3, weight6, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(left4, weight6, pixel2);
        pixel0 = Vector512.FusedMultiplyAdd(middle2, weight7, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(middle3, weight7, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(middle4, weight7, pixel2);
        pixel0 = Vector512.FusedMultiplyAdd(right2, weight8, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(right3, weight8, pixel1);
        pixel2 = Vector512.FusedMultiplyAdd(right4, weight8, pixel2);
        if (!TRows.PaddedLast)
        {
            // Kernel row 2 of output row 3 is input row 5, below the image when the band is the plane's last.
            pixel3 = Vector512.FusedMultiplyAdd(left5, weight6, pixel3);
            pixel3 = Vector512.FusedMultiplyAdd(middle5, weight7, pixel3);
            pixel3 = Vector512.FusedMultiplyAdd(right5, weight8, pixel3);
        }

        Store<TSimd, TVector, TStores, TActivation>(pixel0, outputUpper, activation);
        Store<TSimd, TVector, TStores, TActivation>(pixel1, outputUpper + outputRowStride, activation);
        Store<TSimd, TVector, TStores, TActivation>(pixel2, outputLower, activation);
        Store<TSimd, TVector, TStores, TActivation>(pixel3, outputLower + outputRowStride, activation);
    }

    // one accumulator, activated → its pixel (also the 2-row window's, Taps3x3Stride1TwoRowWindow)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store<TSimd, TVector, TStores, TActivation>(Vector512<float> pixel, float* destination, TActivation activation)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
        where TStores : struct, IOutputStores
        where TActivation : struct, IActivationOperator<TActivation> =>
        TStores.Store<TSimd, TVector>(TSimd.Activate(Unsafe.BitCast<Vector512<float>, TVector>(pixel), activation), destination);
}
