using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The 8 × 48 micro-kernel: <typeparamref name="TRows"/> rows × three Vector512, for right operands read in place
/// (NCHW activations) into a plain output (<see cref="GemmKernel.WidePanelColumns"/>). 24 accumulators spread each
/// tile's fixed cost (its 24 stores, loop entry and exit) over 1.5× the FMAs of the 8 × 32 tile, which pays where the
/// depth is short: with the depth of 24 of MobileNetV2's 24 → 144 @ 56² the 8 × 32 tile ran at 109 GFLOP/s with its
/// output in L1, this one at 113.
/// </summary>
/// <remarks>
/// A body of its own rather than a third width of <see cref="GemmMicroKernel{TVector, TSimd, TRows, TVectors}"/>: written
/// there, the grown method made the JIT's register allocator spill two-vector tiles' accumulators inside the depth loop
/// (96 → 576 @ 14², transposed, 194 → 200–330 µs from one process to the next) and exhausted its inline budget, leaving
/// the clip activation a call per stored vector. Here there are no transposed stores (their 8 × 8 transposes beside 24
/// accumulators do not fit 32 registers) and no prefetch of a next right panel (in-place panels are not contiguous; the
/// hardware prefetcher streams their rows); instead the first TRows steps prefetch the output rows of the tile 48
/// columns on (session 9), whose many row streams the hardware does not follow. One call runs its tiles down the rows (a
/// column panel) or, for one-thread products over operands in place, across the columns (a row tile; session 11,
/// <see cref="GemmWideSweep"/>). The arithmetic is the other kernel's: from the bias, k in increasing order, one FMA per
/// step, so results do not depend on which kernel covers an element nor in which order the tiles run.
/// With one extra column (session 8, the NCHW 7 × 7 pointwise orientation of
/// <see cref="PointwiseConvKernel.ReadsPackedWeightsAsLeft"/>) the left operand is packed Wᵀ, its rows one float apart:
/// the tile also accumulates the 49th column as one Vector256 of its 8 rows and prefetches the next packed left panel,
/// which is contiguous (31 of the 32 registers in the depth loop; checked free of spills with ReLU6).
/// </remarks>
/// <typeparam name="TRows">Tile rows, 1–8.</typeparam>
internal static unsafe class GemmWideMicroKernel<TRows>
    where TRows : struct, IGemmCount
{
    private const int Lanes = 16;

    /// <summary>output tile = activation(bias + left · right) over the whole depth, for <paramref name="panels"/> tiles stacked vertically.</summary>
    /// <param name="panels">Tiles to compute, each <paramref name="sweep"/> on from the one before.</param>
    /// <param name="depth">Length of the shared dimension (≥ 1).</param>
    /// <param name="left">Element (0, 0) of the left operand; element (r, k) is at <c>r·leftRowStride + k·leftDepthStride</c>.</param>
    /// <param name="leftRowStride">Elements between the left operand's rows.</param>
    /// <param name="leftDepthStride">Elements between the left operand's consecutive k.</param>
    /// <param name="right">Element (0, 0) of the right operand; row k holds the tile's 48 columns contiguously at <c>k·rightDepthStride</c>.</param>
    /// <param name="rightDepthStride">Elements between the right operand's consecutive k.</param>
    /// <param name="output">Top-left element of the first output tile.</param>
    /// <param name="outputRowStride">Elements between consecutive output rows.</param>
    /// <param name="nextLeft">
    /// With a packed left operand only: element (0, 0) of the packed left panel the caller multiplies next, or null. Its k-rows
    /// (<paramref name="leftDepthStride"/> apart, two Vector512 each) are prefetched into L2 during the first tile, as
    /// <see cref="GemmMicroKernel{TVector, TSimd, TRows, TVectors}"/> prefetches packed right panels: cold weights (last
    /// touched an inference ago) arrive while this panel computes.
    /// </param>
    /// <param name="bias">The first tile's TRows values (per row) or 48 (per column); unused for none.</param>
    /// <param name="biasMode">How <paramref name="bias"/> lines up with the tile.</param>
    /// <param name="sweep">How each tile follows the one before: down the rows or across the columns.</param>
    /// <param name="activation">The fused activation.</param>
    /// <typeparam name="TPackedLeft">
    /// 0: the left operand at its strides. 1: packed (<see cref="GemmOperands.LeftPacked"/>), its rows one float apart,
    /// addressed from row 0 with constant offsets (the row pointers would take the registers the prefetch needs).
    /// </typeparam>
    /// <typeparam name="TExtraColumns">
    /// 0, or 1: the tile also computes the one column after its 48 (right element (k, 48); output column 48; per-column
    /// bias at 48), the last of a row of 16·n + 1 columns (49 pixels of a 7 × 7 image), from the left operand's rows as
    /// one Vector256 per step, which needs the rows one float apart (<typeparamref name="TPackedLeft"/> 1)
    /// and readable up to 8 rows from the tile's first. One 256-bit FMA per step adds 1/48 to the tile's 24 512-bit ones,
    /// where a Vector256 tile for that column (8 of its FMAs per step) added a sixth and a transposed orientation pays
    /// its 8 × 8 transposes on every element.
    /// </typeparam>
    /// <typeparam name="TActivation">The activation operator, a struct so it inlines.</typeparam>
    public static void Run<TPackedLeft, TExtraColumns, TActivation>(
        int panels,
        int depth,
        float* left,
        nint leftRowStride,
        nint leftDepthStride,
        float* right,
        nint rightDepthStride,
        float* output,
        nint outputRowStride,
        float* nextLeft,
        float* bias,
        GemmBias biasMode,
        in GemmWideSweep sweep,
        TActivation activation)
        where TPackedLeft : struct, IGemmCount
        where TExtraColumns : struct, IGemmCount
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // left (TRows, depth), right (depth, 48 + TExtraColumns) → output (TRows, 48 + TExtraColumns), panels times, each
        // tile `sweep` on from the one before
        for (var panel = 0; panel < panels; panel++)
        {
            // The column bias is loaded for every tile, not held in registers across the depth loop: with the clip
            // bounds it would take 33 of the 32 registers.
            Vector512<float> first = default, second = default, third = default;
            if (biasMode == GemmBias.PerColumn)
            {
                first = Vector512.Load(bias);
                second = Vector512.Load(bias + Lanes);
                third = Vector512.Load(bias + (2 * Lanes));
            }

            Vector512<float> c00 = first, c01 = second, c02 = third;
            Vector512<float> c10 = first, c11 = second, c12 = third;
            Vector512<float> c20 = first, c21 = second, c22 = third;
            Vector512<float> c30 = first, c31 = second, c32 = third;
            Vector512<float> c40 = first, c41 = second, c42 = third;
            Vector512<float> c50 = first, c51 = second, c52 = third;
            Vector512<float> c60 = first, c61 = second, c62 = third;
            Vector512<float> c70 = first, c71 = second, c72 = third;
            if (biasMode == GemmBias.PerRow)
            {
                c00 = c01 = c02 = Vector512.Create(bias[0]);
                if (TRows.Value > 1)
                {
                    c10 = c11 = c12 = Vector512.Create(bias[1]);
                }

                if (TRows.Value > 2)
                {
                    c20 = c21 = c22 = Vector512.Create(bias[2]);
                }

                if (TRows.Value > 3)
                {
                    c30 = c31 = c32 = Vector512.Create(bias[3]);
                }

                if (TRows.Value > 4)
                {
                    c40 = c41 = c42 = Vector512.Create(bias[4]);
                }

                if (TRows.Value > 5)
                {
                    c50 = c51 = c52 = Vector512.Create(bias[5]);
                }

                if (TRows.Value > 6)
                {
                    c60 = c61 = c62 = Vector512.Create(bias[6]);
                }

                if (TRows.Value > 7)
                {
                    c70 = c71 = c72 = Vector512.Create(bias[7]);
                }
            }

            // The extra column's accumulator holds rows 0–7 of column 48 (lanes past TRows are computed, never stored).
            var extra = Vector256<float>.Zero;
            if (TExtraColumns.Value > 0)
            {
                extra = biasMode switch
                {
                    GemmBias.PerRow => RowBias(bias),
                    GemmBias.PerColumn => Vector256.Create(bias[3 * Lanes]),
                    _ => extra,
                };
            }

            var left0 = left;
            var left1 = left + leftRowStride;
            var left2 = left + (2 * leftRowStride);
            var left3 = left + (3 * leftRowStride);
            var left4 = left + (4 * leftRowStride);
            var left5 = left + (5 * leftRowStride);
            var left6 = left + (6 * leftRowStride);
            var left7 = left + (7 * leftRowStride);
            nint k = 0;
            var rightRow = right;
            var prefetchRow = panel == 0 && nextLeft != null ? nextLeft : left;
            for (var step = 0; step < depth; step++)
            {
                var right0 = Vector512.Load(rightRow);
                var right1 = Vector512.Load(rightRow + Lanes);
                var right2 = Vector512.Load(rightRow + (2 * Lanes));
                // A packed left operand has its rows one float apart: addressed from row 0 with
                // constant offsets, the eight row pointers leave the general registers to the prefetch pointer (spilled
                // and reloaded every step otherwise).
                var a0 = Vector512.Create(left0[k]);
                c00 = Vector512.FusedMultiplyAdd(a0, right0, c00);
                c01 = Vector512.FusedMultiplyAdd(a0, right1, c01);
                c02 = Vector512.FusedMultiplyAdd(a0, right2, c02);
                if (TRows.Value > 1)
                {
                    var a1 = Vector512.Create(TPackedLeft.Value > 0 ? left0[k + 1] : left1[k]);
                    c10 = Vector512.FusedMultiplyAdd(a1, right0, c10);
                    c11 = Vector512.FusedMultiplyAdd(a1, right1, c11);
                    c12 = Vector512.FusedMultiplyAdd(a1, right2, c12);
                }

                if (TRows.Value > 2)
                {
                    var a2 = Vector512.Create(TPackedLeft.Value > 0 ? left0[k + 2] : left2[k]);
                    c20 = Vector512.FusedMultiplyAdd(a2, right0, c20);
                    c21 = Vector512.FusedMultiplyAdd(a2, right1, c21);
                    c22 = Vector512.FusedMultiplyAdd(a2, right2, c22);
                }

                if (TRows.Value > 3)
                {
                    var a3 = Vector512.Create(TPackedLeft.Value > 0 ? left0[k + 3] : left3[k]);
                    c30 = Vector512.FusedMultiplyAdd(a3, right0, c30);
                    c31 = Vector512.FusedMultiplyAdd(a3, right1, c31);
                    c32 = Vector512.FusedMultiplyAdd(a3, right2, c32);
                }

                if (TRows.Value > 4)
                {
                    var a4 = Vector512.Create(TPackedLeft.Value > 0 ? left0[k + 4] : left4[k]);
                    c40 = Vector512.FusedMultiplyAdd(a4, right0, c40);
                    c41 = Vector512.FusedMultiplyAdd(a4, right1, c41);
                    c42 = Vector512.FusedMultiplyAdd(a4, right2, c42);
                }

                if (TRows.Value > 5)
                {
                    var a5 = Vector512.Create(TPackedLeft.Value > 0 ? left0[k + 5] : left5[k]);
                    c50 = Vector512.FusedMultiplyAdd(a5, right0, c50);
                    c51 = Vector512.FusedMultiplyAdd(a5, right1, c51);
                    c52 = Vector512.FusedMultiplyAdd(a5, right2, c52);
                }

                if (TRows.Value > 6)
                {
                    var a6 = Vector512.Create(TPackedLeft.Value > 0 ? left0[k + 6] : left6[k]);
                    c60 = Vector512.FusedMultiplyAdd(a6, right0, c60);
                    c61 = Vector512.FusedMultiplyAdd(a6, right1, c61);
                    c62 = Vector512.FusedMultiplyAdd(a6, right2, c62);
                }

                if (TRows.Value > 7)
                {
                    var a7 = Vector512.Create(TPackedLeft.Value > 0 ? left0[k + 7] : left7[k]);
                    c70 = Vector512.FusedMultiplyAdd(a7, right0, c70);
                    c71 = Vector512.FusedMultiplyAdd(a7, right1, c71);
                    c72 = Vector512.FusedMultiplyAdd(a7, right2, c72);
                }

                if (TExtraColumns.Value > 0)
                {
                    extra = Vector256.FusedMultiplyAdd(Vector256.Load(left0 + k), Vector256.Create(rightRow[3 * Lanes]), extra);
                }

                if (TPackedLeft.Value == 0 && Sse.IsSupported && step < TRows.Value)
                {
                    // Row `step` of the tile 48 columns on into L2, one row per step: swept down the rows, the same
                    // rows' next column panel (≈ 18 tiles later for 144 rows), across, the next tile. Down the rows an
                    // NCHW output of 1.8 MB (24 → 144 @ 56²) is 144 row streams, more than the hardware prefetcher
                    // tracks, and evicted from L2 its lines come back per store from L3 or memory (session 9: 217–240
                    // → 204–210 µs with caches flushed before each call, warm 196 → 195). Spread over the steps, not
                    // issued as one burst of 24 (warm 196 → 206 µs), and never faulting, so a prefetch past the
                    // output is harmless.
                    var line = output + (step * outputRowStride) + (3 * Lanes);
                    Sse.Prefetch1(line);
                    Sse.Prefetch1(line + Lanes);
                    Sse.Prefetch1(line + (2 * Lanes));
                }

                if (TPackedLeft.Value > 0)
                {
                    // After the first tile the prefetches re-touch this panel's rows, which are in cache: no cost warm.
                    if (Sse.IsSupported)
                    {
                        Sse.Prefetch1(prefetchRow);
                        Sse.Prefetch1(prefetchRow + Lanes);
                    }

                    prefetchRow += leftDepthStride;
                }

                k += leftDepthStride;
                rightRow += rightDepthStride;
            }

            StoreRow(c00, c01, c02, output, activation);
            if (TRows.Value > 1)
            {
                StoreRow(c10, c11, c12, output + (1 * outputRowStride), activation);
            }

            if (TRows.Value > 2)
            {
                StoreRow(c20, c21, c22, output + (2 * outputRowStride), activation);
            }

            if (TRows.Value > 3)
            {
                StoreRow(c30, c31, c32, output + (3 * outputRowStride), activation);
            }

            if (TRows.Value > 4)
            {
                StoreRow(c40, c41, c42, output + (4 * outputRowStride), activation);
            }

            if (TRows.Value > 5)
            {
                StoreRow(c50, c51, c52, output + (5 * outputRowStride), activation);
            }

            if (TRows.Value > 6)
            {
                StoreRow(c60, c61, c62, output + (6 * outputRowStride), activation);
            }

            if (TRows.Value > 7)
            {
                StoreRow(c70, c71, c72, output + (7 * outputRowStride), activation);
            }

            if (TExtraColumns.Value > 0)
            {
                var column = activation.Invoke(extra);
                for (var row = 0; row < TRows.Value; row++)
                {
                    output[(row * outputRowStride) + (3 * Lanes)] = column.GetElement(row);
                }
            }

            left += sweep.Left;
            right += sweep.Right;
            output += sweep.Output;
            bias += sweep.Bias;
        }
    }

    // The tile's per-row bias as one vector, lanes past TRows zero (the bias ends with the last row).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RowBias(float* bias)
    {
        if (TRows.Value == 8)
        {
            return Vector256.Load(bias);
        }

        return Vector256.Create(
            bias[0], TRows.Value > 1 ? bias[1] : 0f, TRows.Value > 2 ? bias[2] : 0f, TRows.Value > 3 ? bias[3] : 0f,
            TRows.Value > 4 ? bias[4] : 0f, TRows.Value > 5 ? bias[5] : 0f, TRows.Value > 6 ? bias[6] : 0f, 0f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TActivation>(Vector512<float> first, Vector512<float> second, Vector512<float> third, float* row, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        Vector512.Store(activation.Invoke(first), row);
        Vector512.Store(activation.Invoke(second), row + Lanes);
        Vector512.Store(activation.Invoke(third), row + (2 * Lanes));
    }
}
