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
        ref float packedLeft,
        ref float packedRight,
        ref float output,
        nint outputRowStride,
        ref float rowBias,
        ref float columnBias,
        bool accumulate,
        bool finish,
        TActivation activation)
        where TActivation : struct, IActivationOperator<TActivation>
    {
        // packedLeft (6 × depth, k-major), packedRight (depth × 16) → output tile (6, 16)
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

        ref var left = ref packedLeft;
        ref var right = ref packedRight;
        for (var k = 0; k < depth; k++)
        {
            var b0 = Vector256.LoadUnsafe(ref right);
            var b1 = Vector256.LoadUnsafe(ref right, 8);
            var a0 = Vector256.Create(left);
            c00 = Vector256.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector256.MultiplyAddEstimate(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref left, 1));
            c10 = Vector256.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector256.MultiplyAddEstimate(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref left, 2));
            c20 = Vector256.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector256.MultiplyAddEstimate(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref left, 3));
            c30 = Vector256.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector256.MultiplyAddEstimate(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref left, 4));
            c40 = Vector256.MultiplyAddEstimate(a4, b0, c40);
            c41 = Vector256.MultiplyAddEstimate(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref left, 5));
            c50 = Vector256.MultiplyAddEstimate(a5, b0, c50);
            c51 = Vector256.MultiplyAddEstimate(a5, b1, c51);
            left = ref Unsafe.Add(ref left, 6);
            right = ref Unsafe.Add(ref right, 16);
        }

        if (finish)
        {
            var columnBias0 = Vector256.LoadUnsafe(ref columnBias);
            var columnBias1 = Vector256.LoadUnsafe(ref columnBias, 8);
            var rowBias0 = Vector256.Create(rowBias);
            c00 = activation.Invoke(c00 + rowBias0 + columnBias0);
            c01 = activation.Invoke(c01 + rowBias0 + columnBias1);
            var rowBias1 = Vector256.Create(Unsafe.Add(ref rowBias, 1));
            c10 = activation.Invoke(c10 + rowBias1 + columnBias0);
            c11 = activation.Invoke(c11 + rowBias1 + columnBias1);
            var rowBias2 = Vector256.Create(Unsafe.Add(ref rowBias, 2));
            c20 = activation.Invoke(c20 + rowBias2 + columnBias0);
            c21 = activation.Invoke(c21 + rowBias2 + columnBias1);
            var rowBias3 = Vector256.Create(Unsafe.Add(ref rowBias, 3));
            c30 = activation.Invoke(c30 + rowBias3 + columnBias0);
            c31 = activation.Invoke(c31 + rowBias3 + columnBias1);
            var rowBias4 = Vector256.Create(Unsafe.Add(ref rowBias, 4));
            c40 = activation.Invoke(c40 + rowBias4 + columnBias0);
            c41 = activation.Invoke(c41 + rowBias4 + columnBias1);
            var rowBias5 = Vector256.Create(Unsafe.Add(ref rowBias, 5));
            c50 = activation.Invoke(c50 + rowBias5 + columnBias0);
            c51 = activation.Invoke(c51 + rowBias5 + columnBias1);
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
