using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// 6 rows × 16 columns (two Vector256) per tile: 12 accumulators, 2 right loads and 1 broadcast fit the 16 registers
/// of AVX2 (the shape BLIS uses on Haswell).
/// </summary>
internal readonly struct GemmMicroKernelVector256 : IGemmMicroKernel
{
    /// <inheritdoc />
    public static int Rows => 6;

    /// <inheritdoc />
    public static int Columns => 16;

    /// <inheritdoc />
    public static void Run<TActivation>(
        int depth,
        ref float left,
        nint leftRowStride,
        nint leftDepthStride,
        ref float packedRight,
        ref float output,
        nint outputRowStride,
        ref float bias,
        GemmBias biasMode,
        bool accumulate,
        bool finish,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // left (6, depth), packedRight (depth, 16) → output tile (6, 16)
        // MultiplyAddEstimate is one FMA where the CPU has it and a multiply plus an add where it does not
        // (FusedMultiplyAdd would fall back to a slow software emulation there).
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            ref var row0 = ref output;
            c00 = Vector256.LoadUnsafe(ref row0);
            c01 = Vector256.LoadUnsafe(ref row0, 8);
            ref var row1 = ref Unsafe.Add(ref output, outputRowStride);
            c10 = Vector256.LoadUnsafe(ref row1);
            c11 = Vector256.LoadUnsafe(ref row1, 8);
            ref var row2 = ref Unsafe.Add(ref output, 2 * outputRowStride);
            c20 = Vector256.LoadUnsafe(ref row2);
            c21 = Vector256.LoadUnsafe(ref row2, 8);
            ref var row3 = ref Unsafe.Add(ref output, 3 * outputRowStride);
            c30 = Vector256.LoadUnsafe(ref row3);
            c31 = Vector256.LoadUnsafe(ref row3, 8);
            ref var row4 = ref Unsafe.Add(ref output, 4 * outputRowStride);
            c40 = Vector256.LoadUnsafe(ref row4);
            c41 = Vector256.LoadUnsafe(ref row4, 8);
            ref var row5 = ref Unsafe.Add(ref output, 5 * outputRowStride);
            c50 = Vector256.LoadUnsafe(ref row5);
            c51 = Vector256.LoadUnsafe(ref row5, 8);
        }
        else
        {
            c00 = Vector256<float>.Zero;
            c01 = Vector256<float>.Zero;
            c10 = Vector256<float>.Zero;
            c11 = Vector256<float>.Zero;
            c20 = Vector256<float>.Zero;
            c21 = Vector256<float>.Zero;
            c30 = Vector256<float>.Zero;
            c31 = Vector256<float>.Zero;
            c40 = Vector256<float>.Zero;
            c41 = Vector256<float>.Zero;
            c50 = Vector256<float>.Zero;
            c51 = Vector256<float>.Zero;
        }

        ref var left0 = ref left;
        ref var left1 = ref Unsafe.Add(ref left, leftRowStride);
        ref var left2 = ref Unsafe.Add(ref left, 2 * leftRowStride);
        ref var left3 = ref Unsafe.Add(ref left, 3 * leftRowStride);
        ref var left4 = ref Unsafe.Add(ref left, 4 * leftRowStride);
        ref var left5 = ref Unsafe.Add(ref left, 5 * leftRowStride);
        ref var right = ref packedRight;
        nint k = 0;
        for (var step = 0; step < depth; step++)
        {
            var b0 = Vector256.LoadUnsafe(ref right);
            var b1 = Vector256.LoadUnsafe(ref right, 8);
            var a0 = Vector256.Create(Unsafe.Add(ref left0, k));
            c00 = Vector256.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector256.MultiplyAddEstimate(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref left1, k));
            c10 = Vector256.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector256.MultiplyAddEstimate(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref left2, k));
            c20 = Vector256.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector256.MultiplyAddEstimate(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref left3, k));
            c30 = Vector256.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector256.MultiplyAddEstimate(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref left4, k));
            c40 = Vector256.MultiplyAddEstimate(a4, b0, c40);
            c41 = Vector256.MultiplyAddEstimate(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref left5, k));
            c50 = Vector256.MultiplyAddEstimate(a5, b0, c50);
            c51 = Vector256.MultiplyAddEstimate(a5, b1, c51);
            k += leftDepthStride;
            right = ref Unsafe.Add(ref right, 16);
        }

        if (finish)
        {
            if (biasMode == GemmBias.PerRow)
            {
                var rowBias0 = Vector256.Create(bias);
                c00 += rowBias0;
                c01 += rowBias0;
                var rowBias1 = Vector256.Create(Unsafe.Add(ref bias, 1));
                c10 += rowBias1;
                c11 += rowBias1;
                var rowBias2 = Vector256.Create(Unsafe.Add(ref bias, 2));
                c20 += rowBias2;
                c21 += rowBias2;
                var rowBias3 = Vector256.Create(Unsafe.Add(ref bias, 3));
                c30 += rowBias3;
                c31 += rowBias3;
                var rowBias4 = Vector256.Create(Unsafe.Add(ref bias, 4));
                c40 += rowBias4;
                c41 += rowBias4;
                var rowBias5 = Vector256.Create(Unsafe.Add(ref bias, 5));
                c50 += rowBias5;
                c51 += rowBias5;
            }
            else if (biasMode == GemmBias.PerColumn)
            {
                var columnBias0 = Vector256.LoadUnsafe(ref bias);
                var columnBias1 = Vector256.LoadUnsafe(ref bias, 8);
                c00 += columnBias0;
                c01 += columnBias1;
                c10 += columnBias0;
                c11 += columnBias1;
                c20 += columnBias0;
                c21 += columnBias1;
                c30 += columnBias0;
                c31 += columnBias1;
                c40 += columnBias0;
                c41 += columnBias1;
                c50 += columnBias0;
                c51 += columnBias1;
            }

            c00 = activation.Invoke(c00);
            c01 = activation.Invoke(c01);
            c10 = activation.Invoke(c10);
            c11 = activation.Invoke(c11);
            c20 = activation.Invoke(c20);
            c21 = activation.Invoke(c21);
            c30 = activation.Invoke(c30);
            c31 = activation.Invoke(c31);
            c40 = activation.Invoke(c40);
            c41 = activation.Invoke(c41);
            c50 = activation.Invoke(c50);
            c51 = activation.Invoke(c51);
        }

        ref var store0 = ref output;
        c00.StoreUnsafe(ref store0);
        c01.StoreUnsafe(ref store0, 8);
        ref var store1 = ref Unsafe.Add(ref output, outputRowStride);
        c10.StoreUnsafe(ref store1);
        c11.StoreUnsafe(ref store1, 8);
        ref var store2 = ref Unsafe.Add(ref output, 2 * outputRowStride);
        c20.StoreUnsafe(ref store2);
        c21.StoreUnsafe(ref store2, 8);
        ref var store3 = ref Unsafe.Add(ref output, 3 * outputRowStride);
        c30.StoreUnsafe(ref store3);
        c31.StoreUnsafe(ref store3, 8);
        ref var store4 = ref Unsafe.Add(ref output, 4 * outputRowStride);
        c40.StoreUnsafe(ref store4);
        c41.StoreUnsafe(ref store4, 8);
        ref var store5 = ref Unsafe.Add(ref output, 5 * outputRowStride);
        c50.StoreUnsafe(ref store5);
        c51.StoreUnsafe(ref store5, 8);
    }
}
