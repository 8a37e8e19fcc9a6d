using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// 8 rows × 32 columns (2 Vector512) per tile: 16 accumulators of the 32 AVX-512 registers,
/// enough independent FMA chains to hide the 4-cycle FMA latency at one 512-bit FMA per cycle (Zen 4),
/// with the right vectors and one broadcast per row as the only other live registers.
/// </summary>
internal readonly struct GemmMicroKernelVector512 : IGemmMicroKernel
{
    /// <inheritdoc />
    public static int Rows => 8;

    /// <inheritdoc />
    public static int Columns => 32;

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
        // left (8, depth), packedRight (depth, 32) → output tile (8, 32)
        // Every machine with AVX-512 has FMA, so FusedMultiplyAdd is one instruction here.
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate)
        {
            ref var row0 = ref output;
            c00 = Vector512.LoadUnsafe(ref row0);
            c01 = Vector512.LoadUnsafe(ref row0, 16);
            ref var row1 = ref Unsafe.Add(ref output, outputRowStride);
            c10 = Vector512.LoadUnsafe(ref row1);
            c11 = Vector512.LoadUnsafe(ref row1, 16);
            ref var row2 = ref Unsafe.Add(ref output, 2 * outputRowStride);
            c20 = Vector512.LoadUnsafe(ref row2);
            c21 = Vector512.LoadUnsafe(ref row2, 16);
            ref var row3 = ref Unsafe.Add(ref output, 3 * outputRowStride);
            c30 = Vector512.LoadUnsafe(ref row3);
            c31 = Vector512.LoadUnsafe(ref row3, 16);
            ref var row4 = ref Unsafe.Add(ref output, 4 * outputRowStride);
            c40 = Vector512.LoadUnsafe(ref row4);
            c41 = Vector512.LoadUnsafe(ref row4, 16);
            ref var row5 = ref Unsafe.Add(ref output, 5 * outputRowStride);
            c50 = Vector512.LoadUnsafe(ref row5);
            c51 = Vector512.LoadUnsafe(ref row5, 16);
            ref var row6 = ref Unsafe.Add(ref output, 6 * outputRowStride);
            c60 = Vector512.LoadUnsafe(ref row6);
            c61 = Vector512.LoadUnsafe(ref row6, 16);
            ref var row7 = ref Unsafe.Add(ref output, 7 * outputRowStride);
            c70 = Vector512.LoadUnsafe(ref row7);
            c71 = Vector512.LoadUnsafe(ref row7, 16);
        }
        else
        {
            c00 = Vector512<float>.Zero;
            c01 = Vector512<float>.Zero;
            c10 = Vector512<float>.Zero;
            c11 = Vector512<float>.Zero;
            c20 = Vector512<float>.Zero;
            c21 = Vector512<float>.Zero;
            c30 = Vector512<float>.Zero;
            c31 = Vector512<float>.Zero;
            c40 = Vector512<float>.Zero;
            c41 = Vector512<float>.Zero;
            c50 = Vector512<float>.Zero;
            c51 = Vector512<float>.Zero;
            c60 = Vector512<float>.Zero;
            c61 = Vector512<float>.Zero;
            c70 = Vector512<float>.Zero;
            c71 = Vector512<float>.Zero;
        }

        ref var left0 = ref left;
        ref var left1 = ref Unsafe.Add(ref left, leftRowStride);
        ref var left2 = ref Unsafe.Add(ref left, 2 * leftRowStride);
        ref var left3 = ref Unsafe.Add(ref left, 3 * leftRowStride);
        ref var left4 = ref Unsafe.Add(ref left, 4 * leftRowStride);
        ref var left5 = ref Unsafe.Add(ref left, 5 * leftRowStride);
        ref var left6 = ref Unsafe.Add(ref left, 6 * leftRowStride);
        ref var left7 = ref Unsafe.Add(ref left, 7 * leftRowStride);
        ref var right = ref packedRight;
        nint k = 0;
        for (var step = 0; step < depth; step++)
        {
            var b0 = Vector512.LoadUnsafe(ref right);
            var b1 = Vector512.LoadUnsafe(ref right, 16);
            var a0 = Vector512.Create(Unsafe.Add(ref left0, k));
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref left1, k));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref left2, k));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref left3, k));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref left4, k));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref left5, k));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(Unsafe.Add(ref left6, k));
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref left7, k));
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            k += leftDepthStride;
            right = ref Unsafe.Add(ref right, 32);
        }

        if (finish)
        {
            if (biasMode == GemmBias.PerRow)
            {
                var rowBias0 = Vector512.Create(bias);
                c00 += rowBias0;
                c01 += rowBias0;
                var rowBias1 = Vector512.Create(Unsafe.Add(ref bias, 1));
                c10 += rowBias1;
                c11 += rowBias1;
                var rowBias2 = Vector512.Create(Unsafe.Add(ref bias, 2));
                c20 += rowBias2;
                c21 += rowBias2;
                var rowBias3 = Vector512.Create(Unsafe.Add(ref bias, 3));
                c30 += rowBias3;
                c31 += rowBias3;
                var rowBias4 = Vector512.Create(Unsafe.Add(ref bias, 4));
                c40 += rowBias4;
                c41 += rowBias4;
                var rowBias5 = Vector512.Create(Unsafe.Add(ref bias, 5));
                c50 += rowBias5;
                c51 += rowBias5;
                var rowBias6 = Vector512.Create(Unsafe.Add(ref bias, 6));
                c60 += rowBias6;
                c61 += rowBias6;
                var rowBias7 = Vector512.Create(Unsafe.Add(ref bias, 7));
                c70 += rowBias7;
                c71 += rowBias7;
            }
            else if (biasMode == GemmBias.PerColumn)
            {
                var columnBias0 = Vector512.LoadUnsafe(ref bias);
                var columnBias1 = Vector512.LoadUnsafe(ref bias, 16);
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
                c60 += columnBias0;
                c61 += columnBias1;
                c70 += columnBias0;
                c71 += columnBias1;
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
            c60 = activation.Invoke(c60);
            c61 = activation.Invoke(c61);
            c70 = activation.Invoke(c70);
            c71 = activation.Invoke(c71);
        }

        ref var store0 = ref output;
        c00.StoreUnsafe(ref store0);
        c01.StoreUnsafe(ref store0, 16);
        ref var store1 = ref Unsafe.Add(ref output, outputRowStride);
        c10.StoreUnsafe(ref store1);
        c11.StoreUnsafe(ref store1, 16);
        ref var store2 = ref Unsafe.Add(ref output, 2 * outputRowStride);
        c20.StoreUnsafe(ref store2);
        c21.StoreUnsafe(ref store2, 16);
        ref var store3 = ref Unsafe.Add(ref output, 3 * outputRowStride);
        c30.StoreUnsafe(ref store3);
        c31.StoreUnsafe(ref store3, 16);
        ref var store4 = ref Unsafe.Add(ref output, 4 * outputRowStride);
        c40.StoreUnsafe(ref store4);
        c41.StoreUnsafe(ref store4, 16);
        ref var store5 = ref Unsafe.Add(ref output, 5 * outputRowStride);
        c50.StoreUnsafe(ref store5);
        c51.StoreUnsafe(ref store5, 16);
        ref var store6 = ref Unsafe.Add(ref output, 6 * outputRowStride);
        c60.StoreUnsafe(ref store6);
        c61.StoreUnsafe(ref store6, 16);
        ref var store7 = ref Unsafe.Add(ref output, 7 * outputRowStride);
        c70.StoreUnsafe(ref store7);
        c71.StoreUnsafe(ref store7, 16);
    }
}
