using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// The input window of <see cref="Taps3x3Stride1Window"/> over bands of <see cref="Rows"/> output rows, for rows of 56
/// pixels and more: the window is the band's 4 input rows × 3 columns, each step loads the column entering it (4 lines)
/// and computes the column's 2 output pixels (18 FMAs, 2 stores). A band reads 2 new input rows and writes 2 output rows,
/// so 4 lines a step come from beyond the L1 against the 4-row window's 8, in fewer streams at once; planes that stream
/// from the L3 gain (docs/kernels.md, "Session 20: 3×3 stride 1 — the input window over bands of 2 rows").
/// </summary>
/// <remarks>
/// The same taps in the same (ky, kx) order from the bias as every other kernel, so the same bits; the left padding
/// column is a zero column and padding rows are skipped, as in the 4-row window. The weight is the first multiplicand
/// of every FMA: with the window's register first the JIT copied a register around a third of the FMAs (30 copies per
/// 54 FMAs, 6 this way); the product is the same either way.
/// </remarks>
internal static unsafe class Taps3x3Stride1TwoRowWindow
{
    /// <summary>Output rows per band.</summary>
    public const int Rows = 2;

    private const int Lanes = 16;

    // input rows firstRow − 1 … firstRow + 2 of a blocked plane (H, W, lanes), each `rowStride` floats (TRows: the first
    // or last is padding, skipped), weights (3×3, lanes), bias (lanes) → pixels 0 … width − 1 of output rows firstRow and
    // firstRow + 1, row r at output + r·outputRowStride, pixels one register apart; width ≥ 2
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

        // Input rows 0–2 of the window at `upper`, row 3 at `lower`, both at the column entering the window; the output
        // rows at `outputRow`, at the column being computed.
        var upper = input + ((firstRow - 1) * rowStride);
        var lower = upper + (3 * rowStride);
        var outputRow = output;

        // The window's columns: a is the left padding column, b pixel 0.
        var a0 = Vector512<float>.Zero;
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        LoadColumn<TRows>(upper, lower, rowStride, out var b0, out var b1, out var b2, out var b3);
        LoadColumn<TRows>(upper + Lanes, lower + Lanes, rowStride, out var c0, out var c1, out var c2, out var c3);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputRow, outputRowStride, activation);

        // Columns x, x + 1, x + 2, each with its right neighbour in the image: the entering column takes the register
        // names of the one leaving.
        var x = 1;
        for (; x + 3 < width; x += 3)
        {
            upper += 3 * Lanes;
            lower += 3 * Lanes;
            outputRow += 3 * Lanes;
            LoadColumn<TRows>(upper - Lanes, lower - Lanes, rowStride, out a0, out a1, out a2, out a3);
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                b0, b1, b2, b3, c0, c1, c2, c3, a0, a1, a2, a3,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputRow - (2 * Lanes), outputRowStride, activation);
            LoadColumn<TRows>(upper, lower, rowStride, out b0, out b1, out b2, out b3);
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                c0, c1, c2, c3, a0, a1, a2, a3, b0, b1, b2, b3,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputRow - Lanes, outputRowStride, activation);
            LoadColumn<TRows>(upper + Lanes, lower + Lanes, rowStride, out c0, out c1, out c2, out c3);
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputRow, outputRowStride, activation);
        }

        // The last 0–2 columns with a right neighbour, then the last column, whose right neighbour is the padding column.
        var zero = Vector512<float>.Zero;
        var remaining = width - 1 - x;
        upper += 2 * Lanes;
        lower += 2 * Lanes;
        outputRow += Lanes;
        if (remaining == 0)
        {
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                b0, b1, b2, b3, c0, c1, c2, c3, zero, zero, zero, zero,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputRow, outputRowStride, activation);
            return;
        }

        LoadColumn<TRows>(upper, lower, rowStride, out a0, out a1, out a2, out a3);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            b0, b1, b2, b3, c0, c1, c2, c3, a0, a1, a2, a3,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputRow, outputRowStride, activation);
        if (remaining == 1)
        {
            Column<TSimd, TVector, TRows, TStores, TActivation>(
                c0, c1, c2, c3, a0, a1, a2, a3, zero, zero, zero, zero,
                weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
                bias, outputRow + Lanes, outputRowStride, activation);
            return;
        }

        LoadColumn<TRows>(upper + Lanes, lower + Lanes, rowStride, out b0, out b1, out b2, out b3);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            c0, c1, c2, c3, a0, a1, a2, a3, b0, b1, b2, b3,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputRow + Lanes, outputRowStride, activation);
        Column<TSimd, TVector, TRows, TStores, TActivation>(
            a0, a1, a2, a3, b0, b1, b2, b3, zero, zero, zero, zero,
            weight0, weight1, weight2, weight3, weight4, weight5, weight6, weight7, weight8,
            bias, outputRow + (2 * Lanes), outputRowStride, activation);
    }

    // one input column of the window: rows 0–2 at `upper`, 3 at `lower` (a padding row is not read: zero, never used)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadColumn<TRows>(
        float* upper,
        float* lower,
        nint rowStride,
        out Vector512<float> row0,
        out Vector512<float> row1,
        out Vector512<float> row2,
        out Vector512<float> row3)
        where TRows : struct, IPaddedEnds
    {
        row0 = TRows.PaddedFirst ? Vector512<float>.Zero : Vector512.Load(upper);
        row1 = Vector512.Load(upper + rowStride);
        row2 = Vector512.Load(upper + (2 * rowStride));
        row3 = TRows.PaddedLast ? Vector512<float>.Zero : Vector512.Load(lower);
    }

    // the window (left, middle, right: input rows 0–3 at columns x − 1, x, x + 1), weights (3×3, lanes), bias →
    // activated pixels x of output rows 0 and 1 (row r reads input rows r, r + 1, r + 2) at outputRow and
    // outputRow + outputRowStride; the two rows' FMAs interleave, two independent chains
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<TSimd, TVector, TRows, TStores, TActivation>(
        Vector512<float> left0,
        Vector512<float> left1,
        Vector512<float> left2,
        Vector512<float> left3,
        Vector512<float> middle0,
        Vector512<float> middle1,
        Vector512<float> middle2,
        Vector512<float> middle3,
        Vector512<float> right0,
        Vector512<float> right1,
        Vector512<float> right2,
        Vector512<float> right3,
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
        float* outputRow,
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
            pixel0 = Vector512.Load(bias);
        }
        else
        {
            pixel0 = Vector512.FusedMultiplyAdd(weight0, left0, Vector512.Load(bias));
        }

        var pixel1 = Vector512.FusedMultiplyAdd(weight0, left1, Vector512.Load(bias));
        if (!TRows.PaddedFirst)
        {
            pixel0 = Vector512.FusedMultiplyAdd(weight1, middle0, pixel0);
            pixel0 = Vector512.FusedMultiplyAdd(weight2, right0, pixel0);
        }

        pixel1 = Vector512.FusedMultiplyAdd(weight1, middle1, pixel1);
        pixel1 = Vector512.FusedMultiplyAdd(weight2, right1, pixel1);
        pixel0 = Vector512.FusedMultiplyAdd(weight3, left1, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(weight3, left2, pixel1);
        pixel0 = Vector512.FusedMultiplyAdd(weight4, middle1, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(weight4, middle2, pixel1);
        pixel0 = Vector512.FusedMultiplyAdd(weight5, right1, pixel0);
        pixel1 = Vector512.FusedMultiplyAdd(weight5, right2, pixel1);
        pixel0 = Vector512.FusedMultiplyAdd(weight6, left2, pixel0);
        pixel0 = Vector512.FusedMultiplyAdd(weight7, middle2, pixel0);
        pixel0 = Vector512.FusedMultiplyAdd(weight8, right2, pixel0);
        if (!TRows.PaddedLast)
        {
            pixel1 = Vector512.FusedMultiplyAdd(weight6, left3, pixel1);
            pixel1 = Vector512.FusedMultiplyAdd(weight7, middle3, pixel1);
            pixel1 = Vector512.FusedMultiplyAdd(weight8, right3, pixel1);
        }

        Taps3x3Stride1Window.Store<TSimd, TVector, TStores, TActivation>(pixel0, outputRow, activation);
        Taps3x3Stride1Window.Store<TSimd, TVector, TStores, TActivation>(pixel1, outputRow + outputRowStride, activation);
    }
}
