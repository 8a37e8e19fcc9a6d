using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// 4 rows × 8 columns (two Vector128) per tile: 8 accumulators within the 16 SSE/NEON registers.
/// </summary>
internal readonly struct GemmMicroKernelVector128 : IGemmMicroKernel
{
    /// <inheritdoc />
    public static int Rows => 4;

    /// <inheritdoc />
    public static int Columns => 8;

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
        // left (4, depth), packedRight (depth, 8) → output tile (4, 8)
        // MultiplyAddEstimate is one FMA where the CPU has it and a multiply plus an add where it does not.
        Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate)
        {
            ref var row0 = ref output;
            c00 = Vector128.LoadUnsafe(ref row0);
            c01 = Vector128.LoadUnsafe(ref row0, 4);
            ref var row1 = ref Unsafe.Add(ref output, outputRowStride);
            c10 = Vector128.LoadUnsafe(ref row1);
            c11 = Vector128.LoadUnsafe(ref row1, 4);
            ref var row2 = ref Unsafe.Add(ref output, 2 * outputRowStride);
            c20 = Vector128.LoadUnsafe(ref row2);
            c21 = Vector128.LoadUnsafe(ref row2, 4);
            ref var row3 = ref Unsafe.Add(ref output, 3 * outputRowStride);
            c30 = Vector128.LoadUnsafe(ref row3);
            c31 = Vector128.LoadUnsafe(ref row3, 4);
        }
        else
        {
            c00 = Vector128<float>.Zero;
            c01 = Vector128<float>.Zero;
            c10 = Vector128<float>.Zero;
            c11 = Vector128<float>.Zero;
            c20 = Vector128<float>.Zero;
            c21 = Vector128<float>.Zero;
            c30 = Vector128<float>.Zero;
            c31 = Vector128<float>.Zero;
        }

        ref var left0 = ref left;
        ref var left1 = ref Unsafe.Add(ref left, leftRowStride);
        ref var left2 = ref Unsafe.Add(ref left, 2 * leftRowStride);
        ref var left3 = ref Unsafe.Add(ref left, 3 * leftRowStride);
        ref var right = ref packedRight;
        nint k = 0;
        for (var step = 0; step < depth; step++)
        {
            var b0 = Vector128.LoadUnsafe(ref right);
            var b1 = Vector128.LoadUnsafe(ref right, 4);
            var a0 = Vector128.Create(Unsafe.Add(ref left0, k));
            c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
            var a1 = Vector128.Create(Unsafe.Add(ref left1, k));
            c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
            var a2 = Vector128.Create(Unsafe.Add(ref left2, k));
            c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
            var a3 = Vector128.Create(Unsafe.Add(ref left3, k));
            c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
            k += leftDepthStride;
            right = ref Unsafe.Add(ref right, 8);
        }

        if (finish)
        {
            if (biasMode == GemmBias.PerRow)
            {
                var rowBias0 = Vector128.Create(bias);
                c00 += rowBias0;
                c01 += rowBias0;
                var rowBias1 = Vector128.Create(Unsafe.Add(ref bias, 1));
                c10 += rowBias1;
                c11 += rowBias1;
                var rowBias2 = Vector128.Create(Unsafe.Add(ref bias, 2));
                c20 += rowBias2;
                c21 += rowBias2;
                var rowBias3 = Vector128.Create(Unsafe.Add(ref bias, 3));
                c30 += rowBias3;
                c31 += rowBias3;
            }
            else if (biasMode == GemmBias.PerColumn)
            {
                var columnBias0 = Vector128.LoadUnsafe(ref bias);
                var columnBias1 = Vector128.LoadUnsafe(ref bias, 4);
                c00 += columnBias0;
                c01 += columnBias1;
                c10 += columnBias0;
                c11 += columnBias1;
                c20 += columnBias0;
                c21 += columnBias1;
                c30 += columnBias0;
                c31 += columnBias1;
            }

            c00 = activation.Invoke(c00);
            c01 = activation.Invoke(c01);
            c10 = activation.Invoke(c10);
            c11 = activation.Invoke(c11);
            c20 = activation.Invoke(c20);
            c21 = activation.Invoke(c21);
            c30 = activation.Invoke(c30);
            c31 = activation.Invoke(c31);
        }

        ref var store0 = ref output;
        c00.StoreUnsafe(ref store0);
        c01.StoreUnsafe(ref store0, 4);
        ref var store1 = ref Unsafe.Add(ref output, outputRowStride);
        c10.StoreUnsafe(ref store1);
        c11.StoreUnsafe(ref store1, 4);
        ref var store2 = ref Unsafe.Add(ref output, 2 * outputRowStride);
        c20.StoreUnsafe(ref store2);
        c21.StoreUnsafe(ref store2, 4);
        ref var store3 = ref Unsafe.Add(ref output, 3 * outputRowStride);
        c30.StoreUnsafe(ref store3);
        c31.StoreUnsafe(ref store3, 4);
    }
}
