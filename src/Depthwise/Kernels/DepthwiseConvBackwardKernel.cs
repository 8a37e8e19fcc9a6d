using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Depthwise.Kernels;

/// <summary>
/// Optimized gradients of depthwise 2-D convolution (no activation), one file per data layout. Every entry point
/// computes a set of gradient elements that no other call writes, each reduced in a fixed order, so the operator can
/// hand the calls to any number of threads and get the same bits:
/// <list type="bullet">
/// <item>gradInput is gathered: one call owns whole input rows (NHWC) or input planes (NCHW) and sums, for each of
/// their elements, the output gradients of the windows that read it times the matching weight (a correlation of the
/// output gradient with the flipped kernel).</item>
/// <item>gradWeights and gradBias: one call owns a channel (NCHW) or a block of channels (NHWC) and reduces over
/// N·Ho·Wo in image, row, column order.</item>
/// </list>
/// This file holds the vector-width dispatch (<see cref="SimdWidth"/> → an <see cref="ISimdFloat{TVector}"/>) and the
/// vector loops both layouts share.
/// </summary>
internal static partial class DepthwiseConvBackwardKernel
{
    // destination[i] += scale · source[i] for i in [0, length), one fused multiply-add per element.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScaledAdd<TSimd, TVector>(ref float destination, ref float source, float scale, int length)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var scaleVector = TSimd.Broadcast(scale);
        var i = 0;
        for (; i <= length - TSimd.Count; i += TSimd.Count)
        {
            ref var target = ref Unsafe.Add(ref destination, i);
            TSimd.Store(TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref source, i)), scaleVector, TSimd.Load(ref target)), ref target);
        }

        // Rows are short (56 columns is 3.5 registers of 16), so the remainder steps down through the narrower widths
        // the hardware also accelerates before going lane by lane.
        if (TSimd.Count > Vector256<float>.Count && length - i >= Vector256<float>.Count)
        {
            ref var target = ref Unsafe.Add(ref destination, i);
            Vector256.StoreUnsafe(Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref source, i)), Vector256.Create(scale), Vector256.LoadUnsafe(ref target)), ref target);
            i += Vector256<float>.Count;
        }

        if (TSimd.Count > Vector128<float>.Count && length - i >= Vector128<float>.Count)
        {
            ref var target = ref Unsafe.Add(ref destination, i);
            Vector128.StoreUnsafe(Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref Unsafe.Add(ref source, i)), Vector128.Create(scale), Vector128.LoadUnsafe(ref target)), ref target);
            i += Vector128<float>.Count;
        }

        for (; i < length; i++)
        {
            ref var target = ref Unsafe.Add(ref destination, i);
            target = MathF.FusedMultiplyAdd(Unsafe.Add(ref source, i), scale, target);
        }
    }

    // lanes[l] += Σ values[i] over the i of vector lane l; the scalar tail goes to lane 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumInto<TSimd, TVector>(ref float lanes, ref float values, int length)
        where TSimd : struct, ISimdFloat<TVector>
        where TVector : struct
    {
        var one = TSimd.Broadcast(1f);
        var sum = TSimd.Load(ref lanes);
        var i = 0;
        for (; i <= length - TSimd.Count; i += TSimd.Count)
        {
            sum = TSimd.MultiplyAdd(TSimd.Load(ref Unsafe.Add(ref values, i)), one, sum);
        }

        TSimd.Store(sum, ref lanes);
        for (; i < length; i++)
        {
            lanes += Unsafe.Add(ref values, i);
        }
    }

    // Σ lanes[0 … count), in lane order.
    private static float FoldLanes(ReadOnlySpan<float> lanes)
    {
        var sum = 0f;
        foreach (var lane in lanes)
        {
            sum += lane;
        }

        return sum;
    }
}
