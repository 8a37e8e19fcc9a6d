using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The last few columns of a product whose left operand is packed (<see cref="GemmOperands.LeftPacked"/>), with the
/// vectors running over rows instead of columns: up to 16 rows of one packed panel are one Vector512 at every step k,
/// multiplied by each column's right element broadcast. A row of 16·n + 1…8 columns (196 pixels of a 14 × 14 image:
/// 4 columns after 4 wide panels) then fills every lane, where a Vector256 tile over the remainder used 4 of its 8 lanes
/// (96 → 576 @ 14²: 198 µs that way, 189 µs with the strip, 184 µs for the 192 whole-vector columns alone).
/// </summary>
/// <remarks>
/// The arithmetic is the tiles': every element from its bias, k in increasing order, one FMA per step, so the bits do
/// not depend on which kernel covers an element. Vector512 only (<see cref="GemmKernel.StripColumns"/>).
/// </remarks>
internal static unsafe class GemmColumnStripKernel
{
    private const int Lanes = 16;

    // packed left rows [0, rows) (rows ≤ 16, one float apart, k-rows leftDepthStride apart), right (depth, TColumns) in place → output (rows, TColumns)
    public static void Run<TColumns, TActivation>(
        int rows,
        int depth,
        float* left,
        nint leftDepthStride,
        float* right,
        nint rightDepthStride,
        float* output,
        nint outputRowStride,
        float* bias,
        GemmBias biasMode,
        TActivation activation)
        where TColumns : struct, IGemmCount
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // Lanes past `rows` are loaded as zeros (a masked load faults on none of them) and never stored.
        var mask = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(rows)).AsSingle();
        var rowBias = biasMode == GemmBias.PerRow ? Avx512F.MaskLoad(bias, mask, Vector512<float>.Zero) : Vector512<float>.Zero;
        var c0 = Start(rowBias, bias, 0, biasMode);
        var c1 = TColumns.Value > 1 ? Start(rowBias, bias, 1, biasMode) : default;
        var c2 = TColumns.Value > 2 ? Start(rowBias, bias, 2, biasMode) : default;
        var c3 = TColumns.Value > 3 ? Start(rowBias, bias, 3, biasMode) : default;
        var c4 = TColumns.Value > 4 ? Start(rowBias, bias, 4, biasMode) : default;
        var c5 = TColumns.Value > 5 ? Start(rowBias, bias, 5, biasMode) : default;
        var c6 = TColumns.Value > 6 ? Start(rowBias, bias, 6, biasMode) : default;
        var c7 = TColumns.Value > 7 ? Start(rowBias, bias, 7, biasMode) : default;
        nint k = 0;
        var rightRow = right;
        for (var step = 0; step < depth; step++)
        {
            var column = rows == Lanes ? Vector512.Load(left + k) : Avx512F.MaskLoad(left + k, mask, Vector512<float>.Zero);

            // One expression per column: the broadcast folds into the FMA as an embedded {1to16} memory operand.
            c0 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[0]), c0);
            if (TColumns.Value > 1)
            {
                c1 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[1]), c1);
            }

            if (TColumns.Value > 2)
            {
                c2 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[2]), c2);
            }

            if (TColumns.Value > 3)
            {
                c3 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[3]), c3);
            }

            if (TColumns.Value > 4)
            {
                c4 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[4]), c4);
            }

            if (TColumns.Value > 5)
            {
                c5 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[5]), c5);
            }

            if (TColumns.Value > 6)
            {
                c6 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[6]), c6);
            }

            if (TColumns.Value > 7)
            {
                c7 = Vector512.FusedMultiplyAdd(column, Vector512.Create(rightRow[7]), c7);
            }

            k += leftDepthStride;
            rightRow += rightDepthStride;
        }

        // The columns go out row by row (each row's strip is contiguous in the output): spilled once to the stack and
        // copied as scalars, rather than one vector spill per element extracted.
        var spilled = stackalloc float[8 * Lanes];
        Vector512.Store(activation.Invoke(c0), spilled);
        if (TColumns.Value > 1)
        {
            Vector512.Store(activation.Invoke(c1), spilled + (1 * Lanes));
        }

        if (TColumns.Value > 2)
        {
            Vector512.Store(activation.Invoke(c2), spilled + (2 * Lanes));
        }

        if (TColumns.Value > 3)
        {
            Vector512.Store(activation.Invoke(c3), spilled + (3 * Lanes));
        }

        if (TColumns.Value > 4)
        {
            Vector512.Store(activation.Invoke(c4), spilled + (4 * Lanes));
        }

        if (TColumns.Value > 5)
        {
            Vector512.Store(activation.Invoke(c5), spilled + (5 * Lanes));
        }

        if (TColumns.Value > 6)
        {
            Vector512.Store(activation.Invoke(c6), spilled + (6 * Lanes));
        }

        if (TColumns.Value > 7)
        {
            Vector512.Store(activation.Invoke(c7), spilled + (7 * Lanes));
        }

        for (var row = 0; row < rows; row++)
        {
            var outputRow = output + (row * outputRowStride);
            for (var column = 0; column < TColumns.Value; column++)
            {
                outputRow[column] = spilled[(column * Lanes) + row];
            }
        }
    }

    // Column `column`'s accumulator at k = 0: the rows' bias, that column's bias, or zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Start(Vector512<float> rowBias, float* bias, int column, GemmBias biasMode) =>
        biasMode == GemmBias.PerColumn ? Vector512.Create(bias[column]) : rowBias;
}
