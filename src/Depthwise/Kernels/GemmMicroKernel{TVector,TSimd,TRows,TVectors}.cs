using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Depthwise.Kernels;

/// <summary>
/// The register-tiled GEMM micro-kernel, written once and compiled per vector width, tile height and fused activation:
/// a <typeparamref name="TRows"/> × (<typeparamref name="TVectors"/> · lanes) output tile stays in registers for the
/// whole shared dimension, fed by one broadcast of the left operand per row and one load of the right operand per
/// vector at each step k.
/// </summary>
/// <remarks>
/// Tile shapes per width (chosen by <see cref="GemmKernel"/>): Vector512 8 × 32 (16 of the 32 AVX-512 registers hold
/// accumulators, enough independent FMA chains to cover the 4-cycle FMA latency at one 512-bit FMA per cycle on Zen 4);
/// Vector256 and Vector128 6 × 2 vectors (12 accumulators, 2 right vectors and a broadcast fit 16 registers); scalar
/// 4 × 2. Shorter tiles (fewer rows, one vector) cover the edges exactly instead of padding them.
/// The accumulators start at the bias, so the bias costs nothing in the loop, and the activation is applied on the
/// way out. The left operand is read in place at any strides (a row-major weight matrix, a transposed NCHW image, an
/// NHWC image); the right operand needs unit column stride (NCHW activations in place, or packed panels).
/// </remarks>
/// <typeparam name="TVector">The register type.</typeparam>
/// <typeparam name="TSimd">Operations on <typeparamref name="TVector"/>.</typeparam>
/// <typeparam name="TRows">Tile rows, 1–8.</typeparam>
/// <typeparam name="TVectors">Tile columns in vectors, 1 or 2.</typeparam>
internal static unsafe class GemmMicroKernel<TVector, TSimd, TRows, TVectors>
    where TVector : struct
    where TSimd : struct, ISimdFloat<TVector>
    where TRows : struct, IGemmCount
    where TVectors : struct, IGemmCount
{
    /// <summary>
    /// output tile = activation(bias + left · right) over the whole shared dimension, for <paramref name="panels"/>
    /// tiles stacked vertically (consecutive row panels sharing the right operand: one call per right panel rather than
    /// one per tile, which is most of the call's cost when the depth is as short as 24).
    /// </summary>
    /// <param name="panels">Tiles to compute, each TRows further down the left operand, output and per-row bias.</param>
    /// <param name="depth">Length of the shared dimension (≥ 1).</param>
    /// <param name="left">Element (0, 0) of the left operand; element (r, k) is at <c>r·leftRowStride + k·leftDepthStride</c>.</param>
    /// <param name="leftRowStride">Elements between the left operand's rows.</param>
    /// <param name="leftDepthStride">Elements between the left operand's consecutive k.</param>
    /// <param name="right">Element (0, 0) of the right operand; row k holds the tile's columns contiguously at <c>k·rightDepthStride</c>.</param>
    /// <param name="rightDepthStride">Elements between the right operand's consecutive k.</param>
    /// <param name="output">Top-left element of the first output tile; rows are <paramref name="outputRowStride"/> apart.</param>
    /// <param name="outputRowStride">Elements between consecutive output rows (columns when transposed).</param>
    /// <param name="transposedColumns">
    /// 0: store the tile as it is. Otherwise store it transposed, output (r, c) at <c>c·outputRowStride + r</c>, for
    /// its first <paramref name="transposedColumns"/> columns (8 × 8 register transposes, masked to TRows; Vector512 and
    /// Vector256 with AVX-512 only, see <see cref="GemmTranspose.InKernel"/>).
    /// </param>
    /// <param name="nextRight">
    /// Element (0, 0) of the right panel the caller multiplies next, laid out as this one (<paramref name="rightDepthStride"/>
    /// apart), or null: its k-rows are prefetched during the first tile, one per step, so cold weights (last touched an
    /// inference ago) arrive while this panel computes instead of stalling the next call's first tile.
    /// </param>
    /// <param name="bias">panels·TRows values (per row) or the tile's column count (per column); unused for none.</param>
    /// <param name="biasMode">How <paramref name="bias"/> lines up with the tile.</param>
    /// <param name="activation">The fused activation.</param>
    /// <typeparam name="TActivation">The activation operator, a struct so it inlines.</typeparam>
    public static void Run<TActivation>(
        int panels,
        int depth,
        float* left,
        nint leftRowStride,
        nint leftDepthStride,
        float* right,
        nint rightDepthStride,
        float* output,
        nint outputRowStride,
        int transposedColumns,
        float* nextRight,
        float* bias,
        GemmBias biasMode,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // left (panels·TRows, depth), right (depth, TVectors·lanes) → output (panels·TRows, TVectors·lanes)
        // Every `if` on TRows or TVectors is a JIT-time constant: unused accumulators and their code disappear.
        var lanes = TSimd.Count;
        var wide = TVectors.Value == 2;
        TVector columnBias0 = default, columnBias1 = default;
        if (biasMode == GemmBias.PerColumn)
        {
            columnBias0 = TSimd.Load(ref *bias);
            if (wide)
            {
                columnBias1 = TSimd.Load(ref bias[lanes]);
            }
        }

        for (var panel = 0; panel < panels; panel++)
        {
            TVector c00 = columnBias0, c01 = columnBias1;
            TVector c10 = columnBias0, c11 = columnBias1;
            TVector c20 = columnBias0, c21 = columnBias1;
            TVector c30 = columnBias0, c31 = columnBias1;
            TVector c40 = columnBias0, c41 = columnBias1;
            TVector c50 = columnBias0, c51 = columnBias1;
            TVector c60 = columnBias0, c61 = columnBias1;
            TVector c70 = columnBias0, c71 = columnBias1;
            if (biasMode == GemmBias.PerRow)
            {
                c00 = TSimd.Broadcast(bias[0]);
                c01 = c00;

                if (TRows.Value > 1)
                {
                    c10 = TSimd.Broadcast(bias[1]);
                    c11 = c10;
                }

                if (TRows.Value > 2)
                {
                    c20 = TSimd.Broadcast(bias[2]);
                    c21 = c20;
                }

                if (TRows.Value > 3)
                {
                    c30 = TSimd.Broadcast(bias[3]);
                    c31 = c30;
                }

                if (TRows.Value > 4)
                {
                    c40 = TSimd.Broadcast(bias[4]);
                    c41 = c40;
                }

                if (TRows.Value > 5)
                {
                    c50 = TSimd.Broadcast(bias[5]);
                    c51 = c50;
                }

                if (TRows.Value > 6)
                {
                    c60 = TSimd.Broadcast(bias[6]);
                    c61 = c60;
                }

                if (TRows.Value > 7)
                {
                    c70 = TSimd.Broadcast(bias[7]);
                    c71 = c70;
                }
            }

            var left0 = left;
            var left1 = left + leftRowStride;
            var left2 = left + (2 * leftRowStride);
            var left3 = left + (3 * leftRowStride);
            var left4 = left + (4 * leftRowStride);
            var left5 = left + (5 * leftRowStride);
            var left6 = left + (6 * leftRowStride);
            var left7 = left + (7 * leftRowStride);
            // A one-vector tile uses each left value once: written as one expression, the broadcast folds into the FMA's
            // memory operand (AVX-512 embedded broadcast, {1to16}) instead of taking a shuffle-pipe vbroadcastss per FMA,
            // which held 16-column GEMMs to 83 GFLOP/s on Zen 4 (115 folded). A two-vector tile shares one broadcast.
            nint k = 0;
            var rightRow = right;
            var prefetchRow = panel == 0 && nextRight != null ? nextRight : right;
            for (var step = 0; step < depth; step++)
            {
                var right0 = TSimd.Load(ref *rightRow);
                var right1 = wide ? TSimd.Load(ref rightRow[lanes]) : right0;
                if (wide)
                {
                    var a0 = TSimd.Broadcast(left0[k]);
                    c00 = TSimd.MultiplyAdd(a0, right0, c00);
                    c01 = TSimd.MultiplyAdd(a0, right1, c01);
                }
                else
                {
                    c00 = TSimd.MultiplyAdd(TSimd.Broadcast(left0[k]), right0, c00);
                }

                if (TRows.Value > 1)
                {
                    if (wide)
                    {
                        var a1 = TSimd.Broadcast(left1[k]);
                        c10 = TSimd.MultiplyAdd(a1, right0, c10);
                        c11 = TSimd.MultiplyAdd(a1, right1, c11);
                    }
                    else
                    {
                        c10 = TSimd.MultiplyAdd(TSimd.Broadcast(left1[k]), right0, c10);
                    }
                }

                if (TRows.Value > 2)
                {
                    if (wide)
                    {
                        var a2 = TSimd.Broadcast(left2[k]);
                        c20 = TSimd.MultiplyAdd(a2, right0, c20);
                        c21 = TSimd.MultiplyAdd(a2, right1, c21);
                    }
                    else
                    {
                        c20 = TSimd.MultiplyAdd(TSimd.Broadcast(left2[k]), right0, c20);
                    }
                }

                if (TRows.Value > 3)
                {
                    if (wide)
                    {
                        var a3 = TSimd.Broadcast(left3[k]);
                        c30 = TSimd.MultiplyAdd(a3, right0, c30);
                        c31 = TSimd.MultiplyAdd(a3, right1, c31);
                    }
                    else
                    {
                        c30 = TSimd.MultiplyAdd(TSimd.Broadcast(left3[k]), right0, c30);
                    }
                }

                if (TRows.Value > 4)
                {
                    if (wide)
                    {
                        var a4 = TSimd.Broadcast(left4[k]);
                        c40 = TSimd.MultiplyAdd(a4, right0, c40);
                        c41 = TSimd.MultiplyAdd(a4, right1, c41);
                    }
                    else
                    {
                        c40 = TSimd.MultiplyAdd(TSimd.Broadcast(left4[k]), right0, c40);
                    }
                }

                if (TRows.Value > 5)
                {
                    if (wide)
                    {
                        var a5 = TSimd.Broadcast(left5[k]);
                        c50 = TSimd.MultiplyAdd(a5, right0, c50);
                        c51 = TSimd.MultiplyAdd(a5, right1, c51);
                    }
                    else
                    {
                        c50 = TSimd.MultiplyAdd(TSimd.Broadcast(left5[k]), right0, c50);
                    }
                }

                if (TRows.Value > 6)
                {
                    if (wide)
                    {
                        var a6 = TSimd.Broadcast(left6[k]);
                        c60 = TSimd.MultiplyAdd(a6, right0, c60);
                        c61 = TSimd.MultiplyAdd(a6, right1, c61);
                    }
                    else
                    {
                        c60 = TSimd.MultiplyAdd(TSimd.Broadcast(left6[k]), right0, c60);
                    }
                }

                if (TRows.Value > 7)
                {
                    if (wide)
                    {
                        var a7 = TSimd.Broadcast(left7[k]);
                        c70 = TSimd.MultiplyAdd(a7, right0, c70);
                        c71 = TSimd.MultiplyAdd(a7, right1, c71);
                    }
                    else
                    {
                        c70 = TSimd.MultiplyAdd(TSimd.Broadcast(left7[k]), right0, c70);
                    }
                }

                k += leftDepthStride;

                // The next panel's row k, one 64-byte line per Vector512, into L2 (T1: T0 into L1 evicts the current
                // panel's rows, 320 → 1280 @ 7² cold 400–423 µs against 372–385). After the first tile the next panel
                // is on its way and the prefetches re-touch this panel's rows, which are in cache: no cost warm.
                if (Sse.IsSupported)
                {
                    Sse.Prefetch1(prefetchRow);
                    if (wide && lanes >= 16)
                    {
                        Sse.Prefetch1(prefetchRow + lanes);
                    }
                }

                rightRow += rightDepthStride;
                prefetchRow += rightDepthStride;
            }

            if (transposedColumns > 0)
            {
                StoreTransposed(
                    c00, TRows.Value > 1 ? c10 : default, TRows.Value > 2 ? c20 : default, TRows.Value > 3 ? c30 : default,
                    TRows.Value > 4 ? c40 : default, TRows.Value > 5 ? c50 : default, TRows.Value > 6 ? c60 : default, TRows.Value > 7 ? c70 : default,
                    output, outputRowStride, Math.Min(transposedColumns, lanes), activation);
                if (wide && transposedColumns > lanes)
                {
                    StoreTransposed(
                        c01, TRows.Value > 1 ? c11 : default, TRows.Value > 2 ? c21 : default, TRows.Value > 3 ? c31 : default,
                        TRows.Value > 4 ? c41 : default, TRows.Value > 5 ? c51 : default, TRows.Value > 6 ? c61 : default, TRows.Value > 7 ? c71 : default,
                        output + (lanes * outputRowStride), outputRowStride, transposedColumns - lanes, activation);
                }

                left += TRows.Value * leftRowStride;
                output += TRows.Value;
                if (biasMode == GemmBias.PerRow)
                {
                    bias += TRows.Value;
                }

                continue;
            }

            StoreRow(c00, c01, output, lanes, wide, activation);
            if (TRows.Value > 1)
            {
                StoreRow(c10, c11, output + (1 * outputRowStride), lanes, wide, activation);
            }

            if (TRows.Value > 2)
            {
                StoreRow(c20, c21, output + (2 * outputRowStride), lanes, wide, activation);
            }

            if (TRows.Value > 3)
            {
                StoreRow(c30, c31, output + (3 * outputRowStride), lanes, wide, activation);
            }

            if (TRows.Value > 4)
            {
                StoreRow(c40, c41, output + (4 * outputRowStride), lanes, wide, activation);
            }

            if (TRows.Value > 5)
            {
                StoreRow(c50, c51, output + (5 * outputRowStride), lanes, wide, activation);
            }

            if (TRows.Value > 6)
            {
                StoreRow(c60, c61, output + (6 * outputRowStride), lanes, wide, activation);
            }

            if (TRows.Value > 7)
            {
                StoreRow(c70, c71, output + (7 * outputRowStride), lanes, wide, activation);
            }

            left += TRows.Value * leftRowStride;
            output += TRows.Value * outputRowStride;
            if (biasMode == GemmBias.PerRow)
            {
                bias += TRows.Value;
            }
        }
    }

    // Rows r0…r7 of one vector of the tile (rows past TRows are zero) → output (r, c) at c·stride + r, c < columns.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTransposed<TActivation>(
        TVector r0, TVector r1, TVector r2, TVector r3, TVector r4, TVector r5, TVector r6, TVector r7, float* output, nint stride, int columns, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        var a0 = TSimd.Activate(r0, activation);
        var a1 = TSimd.Activate(r1, activation);
        var a2 = TSimd.Activate(r2, activation);
        var a3 = TSimd.Activate(r3, activation);
        var a4 = TSimd.Activate(r4, activation);
        var a5 = TSimd.Activate(r5, activation);
        var a6 = TSimd.Activate(r6, activation);
        var a7 = TSimd.Activate(r7, activation);
        if (typeof(TVector) == typeof(Vector512<float>))
        {
            GemmTranspose.StoreBlock(
                Lower(a0), Lower(a1), Lower(a2), Lower(a3), Lower(a4), Lower(a5), Lower(a6), Lower(a7), output, stride, TRows.Value, Math.Min(columns, 8));
            if (columns > 8)
            {
                GemmTranspose.StoreBlock(
                    Upper(a0), Upper(a1), Upper(a2), Upper(a3), Upper(a4), Upper(a5), Upper(a6), Upper(a7), output + (8 * stride), stride, TRows.Value, columns - 8);
            }
        }
        else if (typeof(TVector) == typeof(Vector256<float>))
        {
            GemmTranspose.StoreBlock(
                Unsafe.BitCast<TVector, Vector256<float>>(a0), Unsafe.BitCast<TVector, Vector256<float>>(a1), Unsafe.BitCast<TVector, Vector256<float>>(a2),
                Unsafe.BitCast<TVector, Vector256<float>>(a3), Unsafe.BitCast<TVector, Vector256<float>>(a4), Unsafe.BitCast<TVector, Vector256<float>>(a5),
                Unsafe.BitCast<TVector, Vector256<float>>(a6), Unsafe.BitCast<TVector, Vector256<float>>(a7), output, stride, TRows.Value, columns);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lower(TVector value) => Unsafe.BitCast<TVector, Vector512<float>>(value).GetLower();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Upper(TVector value) => Unsafe.BitCast<TVector, Vector512<float>>(value).GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TActivation>(TVector first, TVector second, float* row, int lanes, bool wide, TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        TSimd.Store(TSimd.Activate(first, activation), ref *row);
        if (wide)
        {
            TSimd.Store(TSimd.Activate(second, activation), ref row[lanes]);
        }
    }
}
